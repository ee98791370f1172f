import {
  type AgentOptions,
  type AnyTool,
  InMemoryConversationStore,
  LodeError,
  type RunOptions,
} from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const hello = scriptOf({ text: "Hello." });

/** The `LodeError` `make` threw synchronously (fails the test when it threw nothing or something else). */
function thrownBy(make: () => unknown): LodeError {
  try {
    make();
  } catch (error) {
    if (LodeError.isInstance(error)) return error;
    throw new Error(`expected a LodeError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a LodeError, but nothing was thrown");
}

/** A tool made by hand on the `Tool` contract, not with `defineTool`. */
function rawTool(overrides: Record<string, unknown>): AnyTool {
  return {
    name: "raw",
    description: "A hand-made tool.",
    inputSchema: { type: "object", properties: {} },
    validate: (input: unknown) => ({ success: true, value: input }),
    run: async () => [{ text: "ran" }],
    ...overrides,
  } as AnyTool;
}

/** Each bad list of tools, and the end of the message that names it. */
const badTools: [string, unknown, string][] = [
  ["tools: {}", {}, " must be an array of tools, not an object."],
  ["tools: [null]", [null], "[0] must be a tool, not null."],
];

const badNumbers: [string, Partial<AgentOptions>][] = [
  ["maxSteps: 0", { maxSteps: 0 }],
  ["maxSteps: 1.5", { maxSteps: 1.5 }],
  ["toolConcurrency: 0", { toolConcurrency: 0 }],
  ["toolTimeoutMs: -1", { toolTimeoutMs: -1 }],
  ["timeoutMs: 0", { timeoutMs: 0 }],
  ["maxTotalTokens: NaN", { maxTotalTokens: Number.NaN }],
  ["storeTimeoutMs: -5", { storeTimeoutMs: -5 }],
  ["maxOutputRetries: -1", { maxOutputRetries: -1 }],
];

describe("bad tools", () => {
  test.each(badTools)("rejects %s when the agent is made", async (_name, tools, says) => {
    const harness = await startAgent(hello);
    const error = thrownBy(() => harness.createAgent({ tools: tools as AnyTool[] }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toBe(`agent.tools${says}`);
  });

  test.each(badTools)("rejects %s of a run before anything is sent", async (_name, tools, says) => {
    const harness = await startAgent(hello);
    const error = await lodeErrorOf(harness.agent.run("Hi.", { tools: tools as AnyTool[] }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toBe(`run.tools${says}`);
    expect(harness.server.requests).toHaveLength(0);
  });

  test.each(badTools)("rejects %s of a stream as it starts", async (_name, tools, says) => {
    const harness = await startAgent(hello);
    const error = thrownBy(() => harness.agent.stream("Hi.", { tools: tools as AnyTool[] }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toBe(`run.tools${says}`);
    expect(harness.server.requests).toHaveLength(0);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an inputSchema of { type: "array" }', { inputSchema: { type: "array", items: {} } }, 'not "array"'],
    ["an inputSchema without a type", { inputSchema: { properties: {} } }, "not undefined"],
    ["an inputSchema holding a BigInt", { inputSchema: { type: "object", maximum: 10n } }, "is not JSON"],
    ["a blank description", { description: "   " }, "needs a description"],
  ])("rejects a raw tool with %s when the agent is made", async (_name, overrides, says) => {
    const harness = await startAgent(hello);
    const error = thrownBy(() => harness.createAgent({ tools: [rawTool(overrides)] }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toMatch(/^Tool "raw"/);
    expect(error.message).toContain(says);
  });

  test("rejects a tool named final_output beside structured output in tool mode, before anything is sent", async () => {
    const clash = defineTool({
      name: "final_output",
      description: "A user tool that happens to take the output tool's name.",
      input: z.object({}),
      run: () => "done",
    });
    const harness = await startAgent(hello, { tools: [clash], structuredOutput: "tool" });
    const error = await lodeErrorOf(
      harness.agent.run("The capital of Norway?", { output: z.object({ name: z.string() }) }),
    );

    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain('"final_output"');
    expect(harness.server.requests).toHaveLength(0);
  });
});

describe("bad run options", () => {
  test("rejects a signal that is not an AbortSignal before anything is sent", async () => {
    const harness = await startAgent(hello);
    const error = await lodeErrorOf(harness.agent.run("Hi.", { signal: {} as AbortSignal }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain("signal");
    expect(harness.server.requests).toHaveLength(0);
  });

  test("rejects an empty sessionId before anything is sent or stored", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(hello, { store });
    const error = await lodeErrorOf(harness.agent.run("Hi.", { sessionId: "" }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain("sessionId");
    expect(harness.server.requests).toHaveLength(0);
    expect(await store.listSessions()).toEqual([]);
  });

  test("rejects input holding a function with invalid-request before anything is sent", async () => {
    const harness = await startAgent(hello);
    const input = [{ role: "user" as const, content: [{ text: "Hi." }], onSend: () => {} }];
    const error = await lodeErrorOf(harness.agent.run(input));

    expect(error.code).toBe("invalid-request");
    expect(harness.server.requests).toHaveLength(0);
  });
});

describe("a bad system prompt", () => {
  const says = "system must be a string or an array of system content blocks";

  test.each([
    ["system: 123", 123, "number 123"],
    ['system: ["Be brief."]', ["Be brief."], "an array"],
  ])("rejects %s when the agent is made, naming the option", async (_name, system, what) => {
    const harness = await startAgent(hello);
    const error = thrownBy(() => harness.createAgent({ system: system as never }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toBe(`${says} ([{ text: "…" }]), not ${what}.`);
  });

  test("rejects system: 123 of a run before anything is sent", async () => {
    const harness = await startAgent(hello);
    const error = await lodeErrorOf(harness.agent.run("Hi.", { system: 123 as never }));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toMatch(new RegExp(`^${says}`));
    expect(harness.server.requests).toHaveLength(0);
  });
});

describe("bad numeric options", () => {
  test.each(badNumbers)("rejects %s when the agent is made", async (name, options) => {
    const harness = await startAgent(hello);
    const error = thrownBy(() => harness.createAgent(options));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toMatch(new RegExp(`^${name.split(":")[0]} must be a`));
  });

  test.each(badNumbers.filter(([name]) => !name.startsWith("maxOutputRetries")))(
    "rejects %s of a run before anything is sent",
    async (name, options) => {
      const harness = await startAgent(hello);
      const error = await lodeErrorOf(harness.agent.run("Hi.", options as RunOptions<undefined>));

      expect(error.code).toBe("invalid-config");
      expect(error.message).toMatch(new RegExp(`^${name.split(":")[0]} must be a`));
      expect(harness.server.requests).toHaveLength(0);
    },
  );
});
