import { LodeError, stringifyWithBytes } from "@lode/core";
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import type { DurableRunEvent } from "./durable-graph.js";
import { FINISHED_TTL_SECONDS, type RunKeys } from "./keys.js";
import type { RedisCheckpoints } from "./redis-checkpoints.js";
import type { RedisGraphCheckpoints } from "./redis-graph-checkpoints.js";
import type { RedisRunEvents, RunStreamEntry } from "./run-events.js";
import { RunFence } from "./run-fence.js";
import type { RunJobData } from "./run-job.js";

/** What a worker's runs share: its Redis connection and records, and the runs it is running. */
export interface WorkerRecords {
  redis: Redis;
  keys: RunKeys;
  checkpoints: RedisCheckpoints;
  graphCheckpoints: RedisGraphCheckpoints;
  events: RedisRunEvents;
  running: Map<string, AbortController>;
  runTimeoutMs: number | undefined;
}

type Finished = Extract<RunStreamEntry<DurableRunEvent>, { kind: "finished" }>;

/**
 * One attempt at one run: its claim on the run (`RunFence`), the records it writes through that claim, what
 * stops it (a cancellation, the claim lost, a failed append, its time limit), and how it ends.
 */
export class RunAttempt {
  readonly controller = new AbortController();
  readonly timeout: AbortSignal | undefined;
  readonly signal: AbortSignal;
  readonly checkpoints: RedisCheckpoints;
  readonly graphCheckpoints: RedisGraphCheckpoints;
  readonly events: RedisRunEvents;
  /** The other runs whose checkpoints go when this one finishes (a graph's agent nodes' runs). */
  alsoForget: (() => Promise<readonly string[]>) | undefined;
  private appendFailure: unknown;
  private appended: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly job: Job<RunJobData>,
    readonly records: WorkerRecords,
    readonly fence: RunFence,
  ) {
    this.checkpoints = records.checkpoints.fencedBy(fence);
    this.graphCheckpoints = records.graphCheckpoints.fencedBy(fence);
    this.events = records.events.fencedBy(fence);
    this.timeout = records.runTimeoutMs ? AbortSignal.timeout(records.runTimeoutMs) : undefined;
    this.signal = AbortSignal.any([this.controller.signal, ...(this.timeout ? [this.timeout] : [])]);
  }

  /**
   * Claims the job's run: from here on, an earlier attempt still running (its worker stalled but alive) has
   * every write refused, and stops, writing nothing more (its session included).
   */
  static async claim(job: Job<RunJobData>, records: WorkerRecords): Promise<RunAttempt> {
    let attempt: RunAttempt | undefined;
    const fence = await RunFence.claim(records.redis, records.keys, job.data.runId, (lost) =>
      attempt?.controller.abort(lost),
    );
    attempt = new RunAttempt(job, records, fence);
    return attempt;
  }

  get runId(): string {
    return this.job.data.runId;
  }

  /** Whether BullMQ makes another attempt should this one fail now (so a failure does not end the run). */
  get retried(): boolean {
    return !this.controller.signal.aborted && !this.timeout?.aborted && !isLastAttempt(this.job);
  }

  /**
   * Appends an event without waiting for it: the first append that fails (Redis gone; a refusal also aborts
   * the run through the fence) stops the run, and is what the attempt fails with.
   */
  append(event: DurableRunEvent): void {
    if (this.appendFailure !== undefined) return;
    this.appended = this.events.append(this.runId, { kind: "event", event }).catch((error: unknown) => {
      this.appendFailure ??= error;
      this.controller.abort(error);
    });
  }

  /** Waits for the appends so far; throws the first that failed. */
  async appendsDone(): Promise<void> {
    await this.appended;
    if (this.appendFailure !== undefined) throw this.appendFailure;
  }

  /** Ends the run's stream with `entry`; its records expire, its checkpoints (and `alsoForget`'s) go. */
  async finish(entry: Finished): Promise<Finished["status"]> {
    const { keys, redis } = this.records;
    await this.events.append(this.runId, entry);
    await redis.expire(keys.events(this.runId), FINISHED_TTL_SECONDS);
    await redis.expire(keys.owner(this.runId), FINISHED_TTL_SECONDS);
    const others = (await this.alsoForget?.()) ?? [];
    for (const runId of [...others, this.runId]) await this.checkpoints.delete(runId);
    return entry.status;
  }

  /** Stores the run's result and ends its stream `completed`. */
  async complete(result: unknown): Promise<Finished["status"]> {
    await this.appendsDone();
    const { keys } = this.records;
    await this.fence.setWithTtl(keys.result(this.runId), stringifyWithBytes(result), FINISHED_TTL_SECONDS);
    return this.finish({ kind: "finished", status: "completed" });
  }

  /**
   * Ends an attempt that threw: cancelled, out of time, or failed for good on its last attempt; otherwise
   * rethrows, for BullMQ to try again. An attempt whose run another claimed since writes nothing more.
   */
  async fail(thrown: unknown): Promise<Finished["status"]> {
    await this.appended;
    if (this.fence.lost) throw this.fence.lost;
    const error = this.appendFailure ?? thrown;
    if (this.controller.signal.aborted && this.appendFailure === undefined)
      return this.finish({ kind: "finished", status: "cancelled" });
    // Out of time: trying again would only take longer.
    if (this.timeout?.aborted) {
      const message = `The run took longer than its limit of ${this.records.runTimeoutMs} ms.`;
      return this.finish({ kind: "finished", status: "failed", error: { code: "timeout", message } });
    }
    if (isLastAttempt(this.job)) {
      const { code, message } = LodeError.isInstance(error)
        ? error
        : { code: "network", message: String(error) };
      await this.finish({ kind: "finished", status: "failed", error: { code, message } });
    }
    throw error;
  }

  /** Runs `work` as the worker's run of this id (a cancellation aborts it). */
  async running<T>(work: () => Promise<T>): Promise<T> {
    const { running } = this.records;
    running.set(this.runId, this.controller);
    try {
      return await work();
    } finally {
      if (running.get(this.runId) === this.controller) running.delete(this.runId);
    }
  }
}

function isLastAttempt(job: Job<RunJobData>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
