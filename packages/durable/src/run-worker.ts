import {
  type Agent,
  type AgentEvent,
  LodeError,
  parseWithBytes,
  type RunInput,
  type RunResumption,
  resumedStepOf,
  stringifyWithBytes,
} from "@lode/core";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type DurableConnection, openRedis, resolveConnection } from "./connection.js";
import { FINISHED_TTL_SECONDS, RunKeys } from "./keys.js";
import { RedisCheckpoints } from "./redis-checkpoints.js";
import { RedisRunEvents, type RunStreamEntry, type RunStreamItem } from "./run-events.js";
import { RunFence } from "./run-fence.js";
import type { RunJobData } from "./run-job.js";

export interface RunWorkerOptions extends DurableConnection {
  /** The agents this worker runs, by the names runs are queued with. */
  agents: Readonly<Record<string, Agent>>;
  /** Runs at once in this worker. @default 1 */
  concurrency?: number;
  /** A run's time limit (each attempt's), after which it is aborted. */
  runTimeoutMs?: number;
  /**
   * How long a worker's hold on a run lasts without renewal: a worker that died is noticed after this,
   * and its run taken over by another. @default 30000
   */
  lockDurationMs?: number;
  /** How often workers look for runs whose worker died. @default lockDurationMs / 2 */
  stalledIntervalMs?: number;
  /** Takeovers of one run before it is failed (a run that kills its worker every time). @default 20 */
  maxStalledCount?: number;
  /**
   * Told of the worker's own errors (Redis unreachable, a lost lock): BullMQ keeps going and retries, and
   * the library prints nothing, so this is where they surface. Failed runs are in their streams instead.
   */
  onError?: (error: Error) => void;
}

export interface RunWorker {
  /** Stops taking runs and waits for those running to finish. */
  close(): Promise<void>;
}

/**
 * A worker process's side of durable runs: takes runs from the BullMQ queue, runs each with its agent,
 * checkpointed in Redis, and writes its events to the run's stream. A run whose worker died (BullMQ's
 * stalled-job handling gives it to another) or whose attempt failed resumes from its last checkpoint.
 */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const connection = resolveConnection(options);
  const keys = new RunKeys(connection.prefix);
  const redis = openRedis(connection);
  const checkpoints = new RedisCheckpoints(redis, keys);
  const events = new RedisRunEvents(redis, keys);
  const running = new Map<string, AbortController>();
  const subscriber = redis.duplicate();
  await subscriber.subscribe(keys.cancelChannel);
  subscriber.on("message", (_channel, runId: string) => running.get(runId)?.abort(cancelled(runId)));

  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker<RunJobData>(
    connection.queueName,
    (job) =>
      runJob(job, {
        agents: options.agents,
        redis,
        keys,
        checkpoints,
        events,
        running,
        runTimeoutMs: options.runTimeoutMs,
      }),
    {
      connection: connection.bullmq,
      prefix: `${connection.prefix}bull`,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: options.maxStalledCount ?? 20,
    },
  );
  // Without a listener an "error" event would throw and crash the process serving other runs.
  worker.on("error", (error) => options.onError?.(error));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}

interface JobContext {
  agents: Readonly<Record<string, Agent>>;
  redis: Redis;
  keys: RunKeys;
  checkpoints: RedisCheckpoints;
  events: RedisRunEvents;
  running: Map<string, AbortController>;
  runTimeoutMs: number | undefined;
}

async function runJob(job: Job<RunJobData>, shared: JobContext): Promise<string> {
  const { runId, sessionId } = job.data;
  // This attempt's claim on the run: from here on, an earlier attempt still running (its worker stalled but
  // alive) has every write refused, and stops, writing nothing more (its session included).
  const controller = new AbortController();
  const fence = await RunFence.claim(shared.redis, shared.keys, runId, (lost) => controller.abort(lost));
  const ctx: JobContext = {
    ...shared,
    checkpoints: shared.checkpoints.fencedBy(fence),
    events: shared.events.fencedBy(fence),
  };
  const finish = async (entry: Extract<RunStreamEntry, { kind: "finished" }>) => {
    await ctx.events.append(runId, entry);
    await ctx.redis.expire(ctx.keys.events(runId), FINISHED_TTL_SECONDS);
    await ctx.redis.expire(ctx.keys.owner(runId), FINISHED_TTL_SECONDS);
    await ctx.checkpoints.delete(runId);
    return entry.status;
  };
  if (await ctx.redis.exists(ctx.keys.cancelled(runId)))
    return finish({ kind: "finished", status: "cancelled" });
  const agent = ctx.agents[job.data.agent];
  if (!agent) {
    const error = new LodeError("invalid-config", `No agent "${job.data.agent}" in this worker.`);
    return finish({
      kind: "finished",
      status: "failed",
      error: { code: error.code, message: error.message },
    });
  }

  const resume = await ctx.checkpoints.load(runId);
  const written = await ctx.events.all(runId);
  // The run is over already: an attempt that finished it was taken for stalled (its worker was slow to
  // renew its hold) and the run handed out again. There is nothing left to do, and nothing to write.
  const last = written.at(-1)?.entry;
  if (last?.kind === "finished") return last.status;
  // Entries already written: another attempt ran before this one (and died, or failed).
  const taken =
    written.length > 0 ? await takeOver(ctx, runId, resume, written, job.attemptsStarted) : undefined;
  let skippingFinishedStep = taken?.stepAlreadyEnded ?? false;
  // An attempt that had streamed the run's end before it stopped: the end is not streamed twice.
  const endStreamed = written.some(({ entry }) => entry.kind === "event" && entry.event.type === "run-end");
  ctx.running.set(runId, controller);
  const timeout = ctx.runTimeoutMs ? AbortSignal.timeout(ctx.runTimeoutMs) : undefined;
  const signals = [controller.signal, ...(timeout ? [timeout] : [])];
  const input = resume ? [] : (parseWithBytes(job.data.input) as RunInput);
  // Appends go out without waiting for each: the first that fails (Redis gone; a refusal also aborts the
  // run through the fence) stops the run, and is what the attempt fails with.
  let appendFailure: unknown;
  const appendFailed = (error: unknown) => {
    appendFailure ??= error;
    controller.abort(error);
  };
  try {
    const stream = agent.stream(input, {
      runId,
      ...(sessionId ? { sessionId } : {}),
      checkpointer: ctx.checkpoints,
      ...(resume ? { resume } : {}),
      signal: AbortSignal.any(signals),
    });
    let written: Promise<unknown> = Promise.resolve();
    for await (const event of stream) {
      // The stream already has the run's start (and says it was taken over, with the `resumed` entry).
      if (taken && event.type === "run-start") continue;
      if (endStreamed && event.type === "run-end") continue;
      // A step whose end was streamed before its checkpoint moved on is finished again: not streamed twice.
      if (skippingFinishedStep && (event.type === "message" || event.type === "step-end")) continue;
      skippingFinishedStep = false;
      // An attempt BullMQ will make again does not end the run: the next one's `resumed` entry follows.
      const retried = !controller.signal.aborted && !timeout?.aborted && !isLastAttempt(job);
      if (event.type === "run-error" && retried) continue;
      if (appendFailure !== undefined) continue;
      written = ctx.events.append(runId, { kind: "event", event }).catch(appendFailed);
    }
    const result = await stream.result.catch(async (error: unknown) => {
      await written;
      throw error;
    });
    await written;
    if (appendFailure !== undefined) throw appendFailure;
    await fence.setWithTtl(ctx.keys.result(runId), stringifyWithBytes(result), FINISHED_TTL_SECONDS);
    return await finish({ kind: "finished", status: "completed" });
  } catch (thrown) {
    // Another attempt holds the run now: this one writes nothing more, not even its end.
    if (fence.lost) throw fence.lost;
    const error = appendFailure ?? thrown;
    if (controller.signal.aborted && appendFailure === undefined)
      return finish({ kind: "finished", status: "cancelled" });
    // Out of time: trying again would only take longer.
    if (timeout?.aborted) {
      const message = `The run took longer than its limit of ${ctx.runTimeoutMs} ms.`;
      return finish({ kind: "finished", status: "failed", error: { code: "timeout", message } });
    }
    if (isLastAttempt(job)) {
      const { code, message } = LodeError.isInstance(error)
        ? error
        : { code: "network", message: String(error) };
      await finish({ kind: "finished", status: "failed", error: { code, message } });
    }
    throw error;
  } finally {
    if (ctx.running.get(runId) === controller) ctx.running.delete(runId);
  }
}

/**
 * Marks a run taken over in its stream, saying which entries a reader drops (those of a model call made
 * again), and writes the results of calls its last worker answered whose events never reached the stream
 * (it died between the two writes), so each appears exactly once.
 */
async function takeOver(
  ctx: JobContext,
  runId: string,
  resume: RunResumption | undefined,
  written: readonly RunStreamItem[],
  attempt: number,
): Promise<{ stepAlreadyEnded: boolean }> {
  const phase = resume?.checkpoint.phase ?? { kind: "between-steps" as const };
  const step = resume ? resumedStepOf(resume.checkpoint) : 0;
  const events = written.flatMap(({ id, entry }) =>
    entry.kind === "event" ? [{ id, event: entry.event }] : [],
  );
  if (phase.kind !== "tools") {
    // The step after the checkpoint is done again: what stands ends at the last step's end (or the start).
    const stands = events.findLast(({ event }) => event.type === "step-end" || event.type === "run-start");
    const last = written.at(-1)?.id;
    const discardsAfter =
      phase.kind === "between-steps" && stands && stands.id !== last ? stands.id : undefined;
    await ctx.events.append(runId, {
      kind: "resumed",
      attempt,
      step,
      ...(discardsAfter ? { discardsAfter } : {}),
    });
    return { stepAlreadyEnded: false };
  }
  await ctx.events.append(runId, { kind: "resumed", attempt, step });
  const seen = new Set(
    events.flatMap(({ event }) => (event.type === "tool-result" ? [event.toolUseId] : [])),
  );
  const names = new Map(
    (phase.message.content ?? []).flatMap((block) =>
      block.toolUse?.toolUseId ? [[block.toolUse.toolUseId, block.toolUse.name ?? ""] as const] : [],
    ),
  );
  for (const call of resume?.calls ?? []) {
    if (call.state !== "answered" || seen.has(call.toolUseId)) continue;
    const event: AgentEvent = {
      type: "tool-result",
      toolUseId: call.toolUseId,
      toolName: names.get(call.toolUseId) ?? "",
      status: call.status,
      content: call.content,
      durationMs: call.durationMs,
      runId,
      step,
      // The agent that spoke last in what the stream holds.
      agentPath: events.at(-1)?.event.agentPath ?? [],
    };
    await ctx.events.append(runId, { kind: "event", event });
  }
  return { stepAlreadyEnded: events.some(({ event }) => event.type === "step-end" && event.step === step) };
}

function isLastAttempt(job: Job<RunJobData>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

function cancelled(runId: string): LodeError {
  return new LodeError("aborted", `Run ${runId} was cancelled.`);
}
