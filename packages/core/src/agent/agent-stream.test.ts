import { describe, expect, test } from "vitest";
import type { AgentEvent, UnstampedEvent } from "../contracts/agent-event.js";
import type { RunResult } from "../contracts/run-result.js";
import { createAgentStream } from "./agent-stream.js";

type Deliver = ((event: UnstampedEvent) => void) | undefined;

/** A loop that yields a step start, delivers two deltas itself when it may (as the model call does), then ends. */
function loopWith(slot: { deliver: Deliver }) {
  return (async function* () {
    yield { type: "step-start" } as UnstampedEvent;
    for (const text of ["a", "b"]) {
      const event = { type: "text-delta", id: "1:0", text } as UnstampedEvent;
      if (slot.deliver) slot.deliver(event);
      else yield event;
    }
    yield { type: "step-end" } as UnstampedEvent;
    return { text: "ab" } as unknown as RunResult<unknown>;
  })();
}

function streamOf(emit: (event: AgentEvent) => void) {
  const slot: { deliver: Deliver } = { deliver: undefined };
  const stream = createAgentStream(
    loopWith(slot),
    "run-1",
    new AbortController(),
    emit,
    0,
    () => [],
    (deliver) => {
      slot.deliver = deliver;
    },
  );
  return { stream, slot };
}

describe("createAgentStream", () => {
  test("a run read only for its result emits every event once, stamped and in order, delivered or yielded", async () => {
    const heard: AgentEvent[] = [];
    const { stream, slot } = streamOf((event) => heard.push(event));
    await expect(stream.result).resolves.toEqual({ text: "ab" });
    expect(heard.map((event) => [event.type, event.step, event.runId])).toEqual([
      ["step-start", 1, "run-1"],
      ["text-delta", 1, "run-1"],
      ["text-delta", 1, "run-1"],
      ["step-end", 1, "run-1"],
    ]);
    expect(slot.deliver).toBeTypeOf("function");
  });

  test("a read stream gets every event yielded: nothing is delivered around its reader", async () => {
    const { stream, slot } = streamOf(() => {});
    const read: string[] = [];
    for await (const event of stream) read.push(event.type);
    expect(read).toEqual(["step-start", "text-delta", "text-delta", "step-end"]);
    expect(slot.deliver).toBeUndefined();
  });

  test("a listener that throws on a delivered event fails the result with its error", async () => {
    const boom = new Error("listener failed");
    const { stream } = streamOf((event) => {
      if (event.type === "text-delta") throw boom;
    });
    await expect(stream.result).rejects.toBe(boom);
  });
});
