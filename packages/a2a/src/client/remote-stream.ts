import type { AgentEvent, RunResult } from "@lode/core";
import { LodeError } from "@lode/core";

/** What a remote agent's `stream()` returns: its run's events, and its result once it ends (as `AgentStream`). */
export interface RemoteStream extends AsyncIterable<AgentEvent> {
  /** Resolves with the run's result (rejects with its `LodeError`), whether or not the events are read. */
  readonly result: Promise<RunResult<unknown>>;
}

/**
 * Wraps a remote run's generator as a stream: reading the events pulls the run along; reading only
 * `result` drives it to its end. A reader that stops early aborts the run (`abort`), which cancels the
 * remote task.
 */
export function remoteStream(
  generator: AsyncGenerator<AgentEvent, { result: RunResult<unknown> }>,
  abort: AbortController,
): RemoteStream {
  let resolve!: (result: RunResult<unknown>) => void;
  let reject!: (error: unknown) => void;
  const result = new Promise<RunResult<unknown>>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A caller that only iterates must not see an unhandled rejection from `result`.
  result.catch(() => {});
  let started = false;
  const claim = () => {
    if (started) throw new LodeError("invalid-config", "A run's stream can be read only once.");
    started = true;
  };
  async function* pump(): AsyncGenerator<AgentEvent> {
    let ended = false;
    try {
      let next = await generator.next();
      for (; !next.done; next = await generator.next()) yield next.value;
      ended = true;
      resolve(next.value.result);
    } catch (error) {
      ended = true;
      reject(error);
      throw error;
    } finally {
      if (!ended) {
        abort.abort();
        await drain();
      }
    }
  }
  async function drain(): Promise<void> {
    try {
      let next = await generator.next();
      while (!next.done) next = await generator.next();
      resolve(next.value.result);
    } catch (error) {
      reject(error);
    }
  }
  return {
    get result() {
      if (!started) {
        claim();
        void drain();
      }
      return result;
    },
    [Symbol.asyncIterator]() {
      claim();
      return pump();
    },
  };
}
