import type { AnyTool, Tool } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { requestBody, scriptedAgentPerTest, scriptOf, toolResultsSent } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** A tool made by hand on the `Tool` contract, not with `defineTool`. */
function rawTool(overrides: Partial<Tool>): AnyTool {
  return {
    name: "raw",
    description: "A hand-made tool.",
    inputSchema: { type: "object", properties: {} },
    validate: (input) => ({ success: true, value: input }),
    run: async () => [{ text: "ran" }],
    ...overrides,
  };
}

/** The message V8 gives `JSON.parse("not-json")`, which the zod transform below throws. */
const notJsonMessage = (() => {
  try {
    JSON.parse("not-json");
  } catch (error) {
    return (error as Error).message;
  }
  return "";
})();

interface Case {
  tool: AnyTool;
  input: Record<string, unknown>;
  /** The whole text of the error result the model must receive. */
  answer: string;
}

const cases: [string, Case][] = [
  [
    "a zod transform that throws",
    {
      tool: defineTool({
        name: "parse_data",
        description: "Parses a JSON string.",
        input: z.object({ data: z.string().transform((text) => JSON.parse(text)) }),
        run: ({ data }) => JSON.stringify(data),
      }),
      input: { data: "not-json" },
      answer: `Invalid input for tool "parse_data": (input): ${notJsonMessage}. Call the tool again with corrected input.`,
    },
  ],
  [
    "a raw tool whose validate() throws",
    {
      tool: rawTool({
        name: "raw_validate",
        validate: () => {
          throw new Error("the validator exploded");
        },
      }),
      input: {},
      answer:
        'Invalid input for tool "raw_validate": (input): the validator exploded. Call the tool again with corrected input.',
    },
  ],
  [
    "a raw tool whose run() throws synchronously",
    {
      tool: rawTool({
        name: "raw_run",
        run: () => {
          throw new Error("the disk is on fire");
        },
      }),
      input: {},
      answer: 'Tool "raw_run" failed: the disk is on fire',
    },
  ],
  [
    "a tool that throws a null-prototype object",
    {
      tool: defineTool({
        name: "throw_bare",
        description: "Throws an object String() cannot convert.",
        input: z.object({}),
        run: () => {
          throw Object.assign(Object.create(null), { code: 1 });
        },
      }),
      input: {},
      answer: 'Tool "throw_bare" failed: {"code":1}',
    },
  ],
  [
    "a raw tool whose run() resolves to something other than result blocks",
    {
      tool: rawTool({ name: "raw_string", run: async () => "just a string" as never }),
      input: {},
      answer: 'Tool "raw_string" returned string "just a string" instead of result blocks.',
    },
  ],
  [
    "a raw tool whose run() resolves to a malformed block",
    {
      tool: rawTool({ name: "raw_block", run: async () => [{ text: 42 }] as never }),
      input: {},
      answer: 'Tool "raw_block" returned an invalid result block at 0: {"text":42}.',
    },
  ],
];

/** Bedrock-local answers a tool use of `tool`, a closing text, then a second run's text. */
async function startWith({ tool, input }: Case) {
  return startAgent(
    scriptOf(
      { content: [{ toolUse: { name: tool.name, input, id: "tu_1" } }] },
      { text: "That did not work." },
      { text: "Still here." },
    ),
    { tools: [tool] },
  );
}

describe.each(cases)("%s", (_name, fault) => {
  test("answers the call with an error result and goes on to the final answer", async () => {
    const harness = await startWith(fault);
    const result = await harness.agent.run("Go.", { sessionId: "s" });

    expect(toolResultsSent(harness.server, 1)).toEqual([
      { toolUseId: "tu_1", status: "error", content: [{ text: fault.answer }] },
    ]);
    expect(result.text).toBe("That did not work.");
    expect(result.toolCalls.map((call) => [call.toolUseId, call.status])).toEqual([["tu_1", "error"]]);
  });

  test("leaves a session that a later run continues", async () => {
    const harness = await startWith(fault);
    const first = await harness.agent.run("Go.", { sessionId: "s" });
    const second = await harness.agent.run("Try again.", { sessionId: "s" });

    // bedrock-local validates the history it receives: a toolUse without its toolResult is rejected.
    expect(second.text).toBe("Still here.");
    expect(requestBody(harness.server, 2).messages).toEqual([
      ...first.messages,
      { role: "user", content: [{ text: "Try again." }] },
    ]);
    expect(first.messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });
});
