import type { ToolMiddleware } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  type RequestBody,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** The model calls `lookup` once, then answers "Done." once it has the result. */
const callLookup = scriptOf(
  { content: [{ toolUse: { name: "lookup", input: {}, id: "tu_1" } }] },
  { text: "Done." },
);

/** A tool returning `value` as its result, and what came of one run calling it. */
async function runReturning(value: unknown, toolMiddleware: ToolMiddleware[] = []) {
  const lookup = defineTool({
    name: "lookup",
    description: "Looks something up.",
    input: z.object({}),
    run: () => value as object,
  });
  const harness = await startAgent(callLookup, { tools: [lookup], toolMiddleware });
  const stream = harness.agent.stream("Look it up.");
  const events = await collectEvents(stream);
  const result = await stream.result;
  const [event] = eventsOfType(events, "tool-result");
  const [record] = result.toolCalls;
  const [sent = {} as RequestBody] = toolResultsSent(harness.server, 1);
  // The event, the run's record and the request tell one story.
  expect({ status: event?.status, content: event?.content }).toEqual({
    status: record?.status,
    content: record?.content,
  });
  expect({ status: sent.status, content: sent.content }).toEqual({
    status: record?.status,
    content: record?.content,
  });
  expect(result.text).toBe("Done.");
  return { status: sent.status as string, text: resultText(sent), json: sent.content?.[0]?.json };
}

class Empty {
  readonly #secret = 1;
  get secret() {
    return this.#secret;
  }
}

describe("a tool result plain JSON has no form for", () => {
  test("answers a circular result with an error naming the tool and where, and the run goes on", async () => {
    const loop: Record<string, unknown> = { id: 7 };
    loop.self = loop;
    const answer = await runReturning({ found: loop });

    expect(answer.status).toBe("error");
    expect(answer.text).toBe(
      'Tool "lookup" returned a result that cannot be sent as JSON: $.found.self is a circular reference (an object that contains itself).',
    );
  });

  test("sends a Date as its ISO string and a BigInt as its decimal string", async () => {
    const answer = await runReturning({ at: new Date(Date.UTC(2026, 0, 2)), id: 9_007_199_254_740_993n });

    expect(answer.status).toBe("success");
    expect(answer.json).toEqual({ at: "2026-01-02T00:00:00.000Z", id: "9007199254740993" });
  });

  test("sends NaN and the infinities as null, as JSON.stringify does", async () => {
    const answer = await runReturning({ ratio: Number.NaN, limits: [Infinity, -Infinity, 1] });

    expect(answer.json).toEqual({ ratio: null, limits: [null, null, 1] });
  });

  test("leaves functions, symbols and undefined out of objects and makes them null in arrays", async () => {
    const answer = await runReturning({
      name: "x",
      f: () => 1,
      s: Symbol("s"),
      u: undefined,
      list: [() => 1],
    });

    expect(answer.status).toBe("success");
    expect(answer.json).toEqual({ name: "x", list: [null] });
  });

  test("wraps a Date returned alone in { result }, as a json result must be an object", async () => {
    const answer = await runReturning(new Date(Date.UTC(2026, 0, 2)));

    expect(answer.json).toEqual({ result: "2026-01-02T00:00:00.000Z" });
  });

  test.each([
    ["a Map", { index: new Map([["a", 1]]) }, "$.index is a Map"],
    ["a Set", { tags: new Set(["a"]) }, "$.tags is a Set"],
    [
      "an unawaited promise",
      { rows: Promise.resolve([]) },
      "$.rows is a Promise, which JSON has no form for (was it awaited?)",
    ],
    [
      "a class instance with only private data",
      { item: new Empty() },
      "$.item is an instance of Empty with no data JSON can hold",
    ],
  ])("answers %s with an error saying what was found", async (_kind, value, reason) => {
    const answer = await runReturning(value);

    expect(answer.status).toBe("error");
    expect(answer.text).toContain('Tool "lookup" returned a result that cannot be sent as JSON');
    expect(answer.text).toContain(reason);
  });

  test("answers a result whose getter throws with an error naming the property", async () => {
    const answer = await runReturning({
      get price() {
        throw new Error("price feed down");
      },
    });

    expect(answer.status).toBe("error");
    expect(answer.text).toContain("reading $.price threw: price feed down");
  });

  test("checks the answer a middleware gives in the tool's place", async () => {
    const loop: Record<string, unknown> = {};
    loop.again = [loop];
    const cached: ToolMiddleware = async () => ({ status: "success", content: [{ json: loop as never }] });
    const answer = await runReturning({ fresh: true }, [cached]);

    expect(answer.status).toBe("error");
    expect(answer.text).toContain("$.again[0] is a circular reference");
  });
});
