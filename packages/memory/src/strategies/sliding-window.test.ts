import { OMITTED_HISTORY_TEXT } from "@lode/core";
import { describe, expect, test } from "vitest";
import { slidingWindow } from "./sliding-window.js";
import { answers, asksTool, requestFor, says, user } from "./test-messages.test-support.js";

/** q1 a1(tool) r1 a2 q2 a3(tool) r3 a4(tool) r4 */
const history = [
  user("q1"),
  asksTool("t1"),
  answers("t1"),
  says("a2"),
  user("q2"),
  asksTool("t3"),
  answers("t3"),
  asksTool("t4"),
  answers("t4"),
];

describe("slidingWindow", () => {
  test("keeps a history that fits as it is", async () => {
    const prepared = await slidingWindow({ maxMessages: 20 }).prepare(requestFor(history));
    expect(prepared).toEqual(history);
  });

  test("starts at the latest messages when the window falls on a user prompt", async () => {
    const prepared = await slidingWindow({ maxMessages: 5 }).prepare(requestFor(history));
    expect(prepared).toEqual(history.slice(4));
  });

  test("moves forward to the next prompt rather than start with tool results whose tool use is cut off", async () => {
    // The last 7 start at r1 (answers t1), then a2 (the model's turn): the window starts at q2.
    const prepared = await slidingWindow({ maxMessages: 7 }).prepare(requestFor(history));
    expect(prepared).toEqual(history.slice(4));
  });

  test("starts inside a long tool loop at the model's turn, behind a marker user message", async () => {
    const loop = [
      user("q"),
      asksTool("t1"),
      answers("t1"),
      asksTool("t2"),
      answers("t2"),
      asksTool("t3"),
      answers("t3"),
    ];
    const prepared = await slidingWindow({ maxMessages: 4 }).prepare(requestFor(loop));
    expect(prepared).toEqual([user(OMITTED_HISTORY_TEXT), ...loop.slice(3)]);
  });

  test("never drops the latest assistant turn that asked for tools, nor its results", async () => {
    const prepared = await slidingWindow({ maxMessages: 1 }).prepare(requestFor(history));
    expect(prepared.slice(-2)).toEqual(history.slice(-2));
    expect(prepared[0]?.role).toBe("user");
    expect(prepared).toHaveLength(3);
  });

  test("halves the window on each overflow attempt", async () => {
    const strategy = slidingWindow({ maxMessages: 8 });
    const first = await strategy.prepare(requestFor(history, 0));
    const second = await strategy.prepare(requestFor(history, 1));
    expect(second.length).toBeLessThan(first.length);
    expect(second.slice(-4)).toEqual(history.slice(-4));
  });

  test("does not mutate the history it is given", async () => {
    const copy = structuredClone(history);
    await slidingWindow({ maxMessages: 3 }).prepare(requestFor(history));
    expect(history).toEqual(copy);
  });
});
