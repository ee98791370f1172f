import type { Script } from "@lode/bedrock-local";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { resultText, scriptedAgentPerTest, scriptOf, toolResultsSent } from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";

const startAgent = scriptedAgentPerTest();

const bookFlight = defineTool({
  name: "book_flight",
  description: "Books a flight.",
  input: z.object({ from: z.string().length(3), to: z.string().length(3), seats: z.number().int().min(1) }),
  run: ({ from, to, seats }) => `Booked ${seats} seat(s) from ${from} to ${to}.`,
});

const explode = defineTool({
  name: "explode",
  description: "Always fails.",
  input: z.object({}),
  run: () => {
    throw new Error("the flight database is offline");
  },
});

const stall = waitingTool({ name: "stall", timeoutMs: 50 });

const tools = [bookFlight, explode, stall.tool];

type ToolUseBlock = Extract<Script["models"][string]["turns"][number]["content"], unknown[]>[number];

/** One step of the given tool uses, then a closing text. */
function stepOf(...toolUses: ToolUseBlock[]): Script {
  return scriptOf({ content: toolUses }, { text: "I will fix that." });
}

/** Runs a step of one tool use and returns the single toolResult bedrock-local received for it. */
async function answerTo(toolUse: ToolUseBlock) {
  const harness = await startAgent(stepOf(toolUse), { tools });
  const result = await harness.agent.run("Book me a flight.");
  const sent = toolResultsSent(harness.server, 1);
  expect(sent).toHaveLength(1);
  expect(result.text).toBe("I will fix that.");
  const [answer = {}] = sent;
  return { toolUseId: answer.toolUseId, status: answer.status, text: resultText(answer) };
}

describe("a tool use that cannot succeed", () => {
  test("answers an unknown tool with an error naming the tools there are", async () => {
    const answer = await answerTo({ toolUse: { name: "book_hotel", input: { city: "Oslo" }, id: "tu_1" } });

    expect(answer.toolUseId).toBe("tu_1");
    expect(answer.status).toBe("error");
    expect(answer.text).toContain('Unknown tool "book_hotel"');
    expect(answer.text).toContain("book_flight, explode, stall");
  });

  test("answers input that is not valid JSON with an error quoting it", async () => {
    const answer = await answerTo({
      toolUse: { name: "book_flight", rawInput: '{"from": "OSL", "to": ', id: "tu_1" },
    });

    expect(answer.status).toBe("error");
    expect(answer.text).toContain("not valid JSON");
    expect(answer.text).toContain('{"from": "OSL", "to": ');
    expect(answer.text).toContain("one JSON object");
  });

  test("answers input that fails the schema with an error naming each field and why", async () => {
    const answer = await answerTo({
      toolUse: { name: "book_flight", input: { from: "Oslo", to: "LHR", seats: 0 }, id: "tu_1" },
    });

    expect(answer.status).toBe("error");
    expect(answer.text).toContain('Invalid input for tool "book_flight"');
    expect(answer.text).toMatch(/from: [^;]*3/);
    expect(answer.text).toMatch(/seats: [^;]*1/);
    expect(answer.text).not.toMatch(/to:/);
    expect(answer.text).toContain("Call the tool again with corrected input");
  });

  test("answers a missing field with an error naming it", async () => {
    const answer = await answerTo({
      toolUse: { name: "book_flight", input: { from: "OSL", to: "LHR" }, id: "tu_1" },
    });

    expect(answer.status).toBe("error");
    expect(answer.text).toMatch(/seats: /);
  });

  test("answers a tool that throws with an error carrying its message", async () => {
    const answer = await answerTo({ toolUse: { name: "explode", input: {}, id: "tu_1" } });

    expect(answer.status).toBe("error");
    expect(answer.text).toContain('Tool "explode" failed: the flight database is offline');
  });

  test("answers a tool that times out with an error saying so", async () => {
    const answer = await answerTo({ toolUse: { name: "stall", input: {}, id: "tu_1" } });

    expect(answer.status).toBe("error");
    expect(answer.text).toContain('Tool "stall" timed out after 50 ms');
  });

  test("answers every tool use of a step exactly once, in order, whatever went wrong", async () => {
    const harness = await startAgent(
      stepOf(
        { toolUse: { name: "book_hotel", input: {}, id: "tu_unknown" } },
        { toolUse: { name: "book_flight", rawInput: "{not json", id: "tu_json" } },
        { toolUse: { name: "book_flight", input: { from: "OSL" }, id: "tu_schema" } },
        { toolUse: { name: "explode", input: {}, id: "tu_throws" } },
        { toolUse: { name: "stall", input: {}, id: "tu_timeout" } },
        { toolUse: { name: "book_flight", input: { from: "OSL", to: "LHR", seats: 2 }, id: "tu_ok" } },
      ),
      { tools },
    );
    const result = await harness.agent.run("Book everything.");

    const sent = toolResultsSent(harness.server, 1);
    expect(sent.map((item) => [item.toolUseId, item.status])).toEqual([
      ["tu_unknown", "error"],
      ["tu_json", "error"],
      ["tu_schema", "error"],
      ["tu_throws", "error"],
      ["tu_timeout", "error"],
      ["tu_ok", "success"],
    ]);
    expect(resultText(sent[5] ?? {})).toBe("Booked 2 seat(s) from OSL to LHR.");
    for (const item of sent.slice(0, 5)) expect(resultText(item).length).toBeGreaterThan(20);
    expect(result.toolCalls.map((call) => call.status)).toEqual([
      "error",
      "error",
      "error",
      "error",
      "error",
      "success",
    ]);
    // The raw text is kept where the input was not JSON; history carries an object Bedrock accepts.
    expect(result.toolCalls[1]?.input).toBe("{not json");
    expect(result.steps[0]?.message.content?.[1]).toEqual({
      toolUse: { toolUseId: "tu_json", name: "book_flight", input: {} },
    });
  });
});
