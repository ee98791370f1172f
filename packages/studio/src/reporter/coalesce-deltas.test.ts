import type { AgentEvent } from "@lode/core";
import { describe, expect, test } from "vitest";
import type { Report } from "../protocol/reports.js";
import { ReportQueue } from "./report-queue.js";

const base = { runId: "r1", step: 1, agentPath: ["agent"] } as const;
const event = (made: Record<string, unknown>): Report => ({
  kind: "event",
  at: 1,
  event: { ...base, ...made } as unknown as AgentEvent,
});

describe("a batch's deltas", () => {
  test("are joined per block, in the block's first delta's place; other events keep their order", () => {
    const queue = new ReportQueue(100);
    queue.push(event({ type: "text-start", id: "1:0" }));
    queue.push(event({ type: "text-delta", id: "1:0", text: "Hel" }));
    queue.push(event({ type: "tool-input-delta", toolUseId: "tu", delta: '{"a"', partialInput: {} }));
    queue.push(event({ type: "text-delta", id: "1:0", text: "lo" }));
    queue.push(event({ type: "tool-input-delta", toolUseId: "tu", delta: ":1}", partialInput: { a: 1 } }));
    queue.push(event({ type: "text-end", id: "1:0" }));

    const sent = queue.take(100).map((json) => JSON.parse(json).event);
    expect(sent.map((item) => [item.type, item.text ?? item.delta])).toEqual([
      ["text-start", undefined],
      ["text-delta", "Hello"],
      ["tool-input-delta", '{"a":1}'],
      ["text-end", undefined],
    ]);
    expect(sent[2].partialInput).toEqual({ a: 1 });
  });

  test("of different batches are not joined", () => {
    const queue = new ReportQueue(100);
    queue.push(event({ type: "text-delta", id: "1:0", text: "a" }));
    expect(queue.take(100)).toHaveLength(1);
    queue.push(event({ type: "text-delta", id: "1:0", text: "b" }));
    expect(JSON.parse(queue.take(100)[0] ?? "{}").event.text).toBe("b");
  });

  test("a full queue drops what comes and counts it", () => {
    const queue = new ReportQueue(2);
    for (const id of ["a", "b", "c", "d"]) queue.push(event({ type: "text-start", id }));
    expect(queue.size).toBe(2);
    expect(queue.dropped).toBe(2);
  });
});
