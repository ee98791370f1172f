import { type AgentPath, describeError, LodeError } from "@lode/core";
import type { GraphEvent } from "./graph-events.js";
import type { GraphResult } from "./graph-result.js";

/** What `graph.stream()` returns: the events as an async iterable, and the result once the run ends. */
export interface GraphStream<S> extends AsyncIterable<GraphEvent> {
  /** Resolves with the run's result (rejects with its `LodeError`), whether or not the events are read. */
  readonly result: Promise<GraphResult<S>>;
}

/**
 * Drives a graph's run for its caller: reading the events pulls it along; reading only `result` drives it to
 * its end. A run that fails ends its events with `graph-error` and rejects `result` with a `LodeError`.
 */
export function graphStream<S>(
  run: Promise<AsyncGenerator<GraphEvent, GraphResult<S>>>,
  where: { runId: string; agentPath: AgentPath },
  cancel: AbortController,
  /** Sees every event as it leaves the run (the graph's instrumentation); never fails it. */
  watch?: (event: GraphEvent) => void,
): GraphStream<S> {
  let settle!: { resolve: (value: GraphResult<S>) => void; reject: (error: unknown) => void };
  const result = new Promise<GraphResult<S>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => {});
  let claimed = false;
  const claim = () => {
    if (claimed) throw new LodeError("invalid-config", "A graph run's stream can be read only once.");
    claimed = true;
  };
  async function* pump(): AsyncGenerator<GraphEvent> {
    let step = 0;
    let ended = false;
    try {
      const generator = await run;
      try {
        let next = await generator.next();
        while (!next.done) {
          step = next.value.step;
          watch?.(next.value);
          yield next.value;
          next = await generator.next();
        }
        ended = true;
        settle.resolve(next.value);
      } catch (error) {
        ended = true;
        throw error;
      } finally {
        // The reader stopped early (a client went away): the run is aborted and driven to its end unread,
        // so `result` settles (as aborted) and nothing keeps running for nobody.
        if (!ended) {
          cancel.abort();
          await drain(generator, settle);
        }
      }
    } catch (thrown) {
      const error = LodeError.isInstance(thrown)
        ? thrown
        : new LodeError("unknown", `The graph's run failed: ${describeError(thrown)}`, { cause: thrown });
      settle.reject(error);
      const failed: GraphEvent = {
        type: "graph-error",
        runId: where.runId,
        step,
        agentPath: where.agentPath,
        code: error.code,
        message: error.message,
        error,
      };
      watch?.(failed);
      yield failed;
    }
  }
  return {
    get result() {
      if (!claimed) {
        claim();
        void (async () => {
          for await (const _ of pump());
        })();
      }
      return result;
    },
    [Symbol.asyncIterator]: () => {
      claim();
      return pump();
    },
  };
}

/** Runs what is left of a generator without a reader, settling the result with how it ends. */
async function drain<R>(
  generator: AsyncGenerator<GraphEvent, R>,
  settle: { resolve: (value: R) => void; reject: (error: unknown) => void },
): Promise<void> {
  try {
    let next = await generator.next();
    while (!next.done) next = await generator.next();
    settle.resolve(next.value);
  } catch (error) {
    settle.reject(
      LodeError.isInstance(error)
        ? error
        : new LodeError("aborted", "The graph's run was aborted.", { cause: error }),
    );
  }
}
