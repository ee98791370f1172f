import type { AgentEvent, AgentPath, UnstampedEvent } from "../contracts/agent-event.js";
import type { RunResult } from "../contracts/run-result.js";
import { LodeError } from "../errors/lode-error.js";
import { eventStamper } from "../loop/stamp-events.js";

/** What `stream()` returns: the events as an async iterable, and the result once the run ends. */
export interface AgentStream<Output> extends AsyncIterable<AgentEvent> {
  /** Resolves with the run's result (rejects with its `LodeError`), whether or not the events are read. */
  readonly result: Promise<RunResult<Output>>;
}

type Settle<R> = { resolve: (value: R) => void; reject: (error: unknown) => void };

/**
 * Wraps the run loop for its caller. Reading the events pulls the loop along (a slow reader slows the
 * run, nothing piles up); a reader that stops early aborts the run. Reading only `result` drives the
 * loop straight to its end. Either way every event is stamped with the run's id and step here, and
 * `emit` sees it, for the agent's emitter.
 */
export function createAgentStream<Output>(
  generator: AsyncGenerator<UnstampedEvent, RunResult<Output>>,
  runId: string,
  cancel: AbortController,
  emit: (event: AgentEvent) => void,
  firstStep: number,
  agentPath: () => AgentPath,
  /** Hands the loop (or takes back) a function that delivers a streamed event at once (see `RunContext`). */
  deliverDirectly: (deliver: ((event: UnstampedEvent) => void) | undefined) => void = () => {},
): AgentStream<Output> {
  const stamp = eventStamper(runId, firstStep, agentPath);
  // Every event is stamped once, as it leaves the loop, then handed to the agent's emitter.
  const deliver = (event: UnstampedEvent): AgentEvent => {
    const stamped = stamp(event);
    emit(stamped);
    return stamped;
  };
  let settle!: Settle<RunResult<Output>>;
  const result = new Promise<RunResult<Output>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that only iterates must not see an unhandled rejection from `result`.
  result.catch(() => {});
  let started = false;
  const claim = () => {
    if (started) throw new LodeError("invalid-config", "A run's stream can be read only once.");
    started = true;
  };

  // Set once the loop has returned or thrown: a reader stopping after that has nothing to abort.
  let loopEnded = false;

  async function* pump(): AsyncGenerator<AgentEvent> {
    let done = false;
    try {
      let next = await generator.next();
      while (!next.done) {
        yield deliver(next.value);
        next = await generator.next();
      }
      done = loopEnded = true;
      settle.resolve(next.value);
    } catch (error) {
      done = loopEnded = true;
      settle.reject(error);
      throw error;
    } finally {
      if (!done) {
        // The reader stopped early: stop the model call and tools, then let the loop record the abort
        // (history stays valid); a reader that stopped after `run-end` still gets the result.
        cancel.abort();
        await driveToEnd(generator, settle, deliver);
      }
    }
  }

  return {
    get result() {
      if (!started) {
        claim();
        // Nobody reads the events one at a time: the model call may deliver them itself. A listener that
        // throws still fails the run with its error, at the loop's next event.
        const direct: DirectDelivery = { failed: false, failure: undefined, deliver: () => {} };
        direct.deliver = (event) => {
          try {
            deliver(event);
          } catch (error) {
            direct.failed = true;
            direct.failure = error;
            deliverDirectly(undefined);
          }
        };
        deliverDirectly(direct.deliver);
        void driveToEnd(generator, settle, deliver, direct);
      }
      return result;
    },
    [Symbol.asyncIterator]: () => {
      claim();
      const events = pump();
      let pulled = false;
      return {
        next: () => {
          pulled = true;
          return events.next();
        },
        // Abort at once: a generator queues `return()` behind a pending `next()`, and an adapter whose
        // client went away calls it mid-read, while the run may be waiting on a slow model or tool.
        return: async (value?: unknown) => {
          if (!loopEnded) cancel.abort();
          // Stopped before the first read: the loop never started, so settle `result` (as aborted) here.
          if (!pulled) await driveToEnd(generator, settle, deliver);
          return events.return(value);
        },
        throw: (error?: unknown) => events.throw(error),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}

/** Events the loop delivers itself, and the first error the delivery met (a listener that threw). */
interface DirectDelivery {
  deliver: (event: UnstampedEvent) => void;
  failed: boolean;
  failure: unknown;
}

/** Runs the loop to its end without a reader (one async hop per event fewer), settling the result. */
async function driveToEnd<R>(
  generator: AsyncGenerator<UnstampedEvent, R>,
  settle: Settle<R>,
  onEvent: (event: UnstampedEvent) => void,
  direct?: DirectDelivery,
): Promise<void> {
  try {
    let next = await generator.next();
    while (!next.done) {
      if (direct?.failed) throw direct.failure;
      onEvent(next.value);
      next = await generator.next();
    }
    if (direct?.failed) throw direct.failure;
    settle.resolve(next.value);
  } catch (error) {
    settle.reject(error);
  }
}
