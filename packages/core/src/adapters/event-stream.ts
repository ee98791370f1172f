import type { AgentStream } from "../agent/agent-stream.js";
import type { AgentEvent } from "../contracts/agent-event.js";

/**
 * A run's events as a web `ReadableStream`, pulled from the run one event at a time (high-water mark 1):
 * a reader that stops reading holds the run back instead of growing a buffer. Cancelling the stream
 * aborts the run and resolves once the run has recorded the abort. A failed run errors the stream with
 * its `LodeError` after the `run-error` event, as iterating `stream` would throw.
 */
export function toEventStream(stream: AgentStream<unknown>): ReadableStream<AgentEvent> {
  const iterator = stream[Symbol.asyncIterator]();
  let cancelled = false;
  return new ReadableStream<AgentEvent>(
    {
      async pull(controller) {
        let next: IteratorResult<AgentEvent>;
        try {
          next = await iterator.next();
        } catch (error) {
          controller.error(error);
          return;
        }
        if (cancelled) return;
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        cancelled = true;
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
