import { closingNote } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";

const startAgent = scriptedAgentPerTest();

const ping = defineTool({
  name: "ping",
  description: "Pings.",
  input: z.object({}),
  run: () => "pong",
});

/** A model that asks for `ping` on every turn, forever. */
const alwaysPing = {
  models: { "*": { loop: true, turns: [{ content: [{ toolUse: { name: "ping", input: {} } }] }] } },
};

describe("the max_tokens stop reason", () => {
  test("returns the partial message and the stop reason instead of throwing", async () => {
    const harness = await startAgent(
      scriptOf({ text: "The first three reasons are", stopReason: "max_tokens" }),
    );
    const result = await harness.agent.run("Give me reasons.");

    expect(result.stopReason).toBe("max_tokens");
    expect(result.text).toBe("The first three reasons are");
    expect(result.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ text: "The first three reasons are" }],
    });
  });

  test("drops a tool use cut off by max_tokens and keeps the rest, so history stays valid", async () => {
    const harness = await startAgent(
      scriptOf(
        {
          content: [{ text: "Let me ping." }, { toolUse: { name: "ping", input: {}, id: "tu_1" } }],
          stopReason: "max_tokens",
        },
        { text: "Pinged." },
      ),
      { tools: [ping] },
    );
    const result = await harness.agent.run("Ping.", { sessionId: "s" });
    await harness.agent.run("Go on.", { sessionId: "s" });

    expect(result.stopReason).toBe("max_tokens");
    expect(result.toolCalls).toEqual([]);
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: [{ text: "Let me ping." }] });
    expect(requestBody(harness.server, 1).messages[1]).toEqual({
      role: "assistant",
      content: [{ text: "Let me ping." }],
    });
  });
});

describe("run limits", () => {
  test("stops after 20 model calls by default with stop reason max_steps", async () => {
    const harness = await startAgent(alwaysPing, { tools: [ping] });
    const result = await harness.agent.run("Ping forever.");

    expect(result.stopReason).toBe("max_steps");
    expect(harness.server.requests).toHaveLength(20);
    expect(result.steps).toHaveLength(20);
    expect(result.toolCalls).toHaveLength(20);
    // Every tool use is answered, and a note closes the turn: the history can be continued.
    expect(result.messages.at(-2)?.content?.[0]?.toolResult?.status).toBe("success");
    expect(result.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ text: closingNote({ kind: "limit", reason: "max_steps" }) }],
    });
  });

  test("stops after maxSteps model calls", async () => {
    const harness = await startAgent(alwaysPing, { tools: [ping], maxSteps: 20 });
    const result = await harness.agent.run("Ping forever.", { maxSteps: 3 });

    expect(result.stopReason).toBe("max_steps");
    expect(harness.server.requests).toHaveLength(3);
  });

  test("starts no step once maxTotalTokens is reached", async () => {
    const harness = await startAgent(
      {
        models: {
          "*": {
            loop: true,
            turns: [
              {
                content: [{ toolUse: { name: "ping", input: {} } }],
                usage: { inputTokens: 60, outputTokens: 40 },
              },
            ],
          },
        },
      },
      { tools: [ping], maxTotalTokens: 250 },
    );
    const result = await harness.agent.run("Ping forever.");

    expect(result.stopReason).toBe("max_total_tokens");
    expect(harness.server.requests).toHaveLength(3);
    expect(result.usage.totalTokens).toBe(300);
  });

  test("rejects with a timeout once timeoutMs passes during a model call", async () => {
    const harness = await startAgent(
      scriptOf({ text: "A very slow answer indeed.", chunkSize: 2, delayMs: 1_000 }),
    );
    const error = await lodeErrorOf(harness.agent.run("Hi", { timeoutMs: 100 }));

    expect(error.code).toBe("timeout");
  });

  test("rejects with a timeout once the agent's timeoutMs passes during a tool call", async () => {
    const wait = waitingTool();
    const harness = await startAgent(scriptOf({ content: [{ toolUse: { name: "wait", input: {} } }] }), {
      tools: [wait.tool],
      timeoutMs: 100,
    });
    const error = await lodeErrorOf(harness.agent.run("Wait."));

    expect(error.code).toBe("timeout");
    expect(wait.saw()).toBe("aborted");
  });
});
