import type { AgentStream } from "../agent/agent-stream.js";
import type { AgentEvent } from "../contracts/agent-event.js";

/** A run's events one at a time for a wire format: `undefined` once the run is over, however it ended. */
export interface EventPuller {
  next(): Promise<AgentEvent | undefined>;
  /** Stops reading: aborts the run and resolves once the run has recorded the abort. */
  cancel(): Promise<void>;
}

/**
 * Reads a run for a wire format whose last message already tells a failure: a failed run ends after its
 * `run-error` event (which the format carries) instead of throwing, as iterating the stream would.
 */
export function pullEvents(stream: AgentStream<unknown>): EventPuller {
  const iterator = stream[Symbol.asyncIterator]();
  let ended = false;
  return {
    async next() {
      if (ended) return undefined;
      try {
        const next = await iterator.next();
        if (!next.done) return next.value;
      } catch {
        // The run failed: its `run-error` event has already been read.
      }
      ended = true;
      return undefined;
    },
    async cancel() {
      ended = true;
      await iterator.return?.();
    },
  };
}
