import type { AgentEvent, AgentPath, UnstampedEvent } from "../contracts/agent-event.js";
import type { RunResult } from "../contracts/run-result.js";
import { LodeError } from "../errors/lode-error.js";
import { EventStamper } from "../loop/stamp-events.js";
import { type Settleable, settleable } from "../model/settleable.js";

/** What `stream()` returns: the events as an async iterable, and the result once the run ends. */
export interface AgentStream<Output> extends AsyncIterable<AgentEvent> {
  /** Resolves with the run's result (rejects with its `LodeError`), whether or not the events are read. */
  readonly result: Promise<RunResult<Output>>;
}

type Settle<R> = Pick<Settleable<R>, "resolve" | "reject">;

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
  return new RunStream(
    generator,
    new EventStamper(runId, firstStep, agentPath),
    cancel,
    emit,
    deliverDirectly,
  );
}

/** A run's stream: a class, not an object of closures made per run (why: the root README, "Speed"). */
class RunStream<Output> implements AgentStream<Output> {
  private readonly settle = settleable<RunResult<Output>>();
  private started = false;
  // Set once the loop has returned or thrown: a reader stopping after that has nothing to abort.
  private loopEnded = false;
  // Every event is stamped once, as it leaves the loop, then handed to the agent's emitter.
  private readonly deliver = this.stampAndEmit.bind(this);

  constructor(
    private readonly generator: AsyncGenerator<UnstampedEvent, RunResult<Output>>,
    private readonly stamper: EventStamper,
    private readonly cancel: AbortController,
    private readonly emit: (event: AgentEvent) => void,
    private readonly deliverDirectly: (deliver: ((event: UnstampedEvent) => void) | undefined) => void,
  ) {
    // A caller that only iterates must not see an unhandled rejection from `result`.
    this.settle.promise.catch(doNothing);
  }

  get result(): Promise<RunResult<Output>> {
    if (!this.started) {
      this.claim();
      // Nobody reads the events one at a time: the model call may deliver them itself. A listener that
      // throws still fails the run with its error, at the loop's next event.
      const direct = new DirectDelivery(this.deliver, this.deliverDirectly);
      this.deliverDirectly(direct.deliver);
      void driveToEnd(this.generator, this.settle, this.deliver, direct);
    }
    return this.settle.promise;
  }

  [Symbol.asyncIterator](): AsyncIterator<AgentEvent> {
    this.claim();
    const events = this.pump();
    let pulled = false;
    return {
      next: () => {
        pulled = true;
        return events.next();
      },
      // Abort at once: a generator queues `return()` behind a pending `next()`, and an adapter whose
      // client went away calls it mid-read, while the run may be waiting on a slow model or tool.
      return: async (value?: unknown) => {
        if (!this.loopEnded) this.cancel.abort();
        // Stopped before the first read: the loop never started, so settle `result` (as aborted) here.
        if (!pulled) await driveToEnd(this.generator, this.settle, this.deliver);
        return events.return(value);
      },
      throw: (error?: unknown) => events.throw(error),
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncIterator<AgentEvent>;
  }

  private claim(): void {
    if (this.started) throw new LodeError("invalid-config", "A run's stream can be read only once.");
    this.started = true;
  }

  private stampAndEmit(event: UnstampedEvent): AgentEvent {
    const stamped = this.stamper.stamp(event);
    this.emit(stamped);
    return stamped;
  }

  private async *pump(): AsyncGenerator<AgentEvent> {
    const { generator, settle } = this;
    let done = false;
    try {
      let next = await generator.next();
      while (!next.done) {
        yield this.deliver(next.value);
        next = await generator.next();
      }
      done = this.loopEnded = true;
      settle.resolve(next.value);
    } catch (error) {
      done = this.loopEnded = true;
      settle.reject(error);
      throw error;
    } finally {
      if (!done) {
        // The reader stopped early: stop the model call and tools, then let the loop record the abort
        // (history stays valid); a reader that stopped after `run-end` still gets the result.
        this.cancel.abort();
        await driveToEnd(generator, settle, this.deliver);
      }
    }
  }
}

function doNothing(): void {}

/** Events the loop delivers itself, and the first error the delivery met (a listener that threw). */
class DirectDelivery {
  failed = false;
  failure: unknown;
  readonly deliver = this.deliverNow.bind(this);

  constructor(
    private readonly onEvent: (event: UnstampedEvent) => void,
    private readonly handBack: (deliver: undefined) => void,
  ) {}

  private deliverNow(event: UnstampedEvent): void {
    try {
      this.onEvent(event);
    } catch (error) {
      this.failed = true;
      this.failure = error;
      this.handBack(undefined);
    }
  }
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
