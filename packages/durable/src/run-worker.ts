import { type Agent, LodeError } from "@lode/core";
import { type Job, Worker } from "bullmq";
import { type DurableConnection, openRedis, resolveConnection } from "./connection.js";
import type { DurableGraph } from "./durable-graph.js";
import { RunKeys } from "./keys.js";
import { RedisCheckpoints } from "./redis-checkpoints.js";
import { RedisGraphCheckpoints } from "./redis-graph-checkpoints.js";
import { runAgentJob } from "./run-agent-job.js";
import { RunAttempt, type WorkerRecords } from "./run-attempt.js";
import { RedisRunEvents } from "./run-events.js";
import { runGraphJob } from "./run-graph-job.js";
import type { RunJobData } from "./run-job.js";

export interface RunWorkerOptions extends DurableConnection {
  /** The agents this worker runs, by the names runs are queued with (`enqueue({ agent, … })`). */
  agents?: Readonly<Record<string, Agent>>;
  /**
   * The graphs this worker runs (`Graph`s of `@lode/graph`), by the names runs are queued with
   * (`enqueue({ graph, … })`). Their agent nodes' agents need a store every worker shares, as agents do.
   */
  graphs?: Readonly<Record<string, DurableGraph>>;
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
 * A worker process's side of durable runs: takes runs from the BullMQ queue, runs each with its agent or
 * graph, checkpointed in Redis, and writes its events to the run's stream. A run whose worker died (BullMQ's
 * stalled-job handling gives it to another) or whose attempt failed resumes from its last checkpoint.
 */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const connection = resolveConnection(options);
  const keys = new RunKeys(connection.prefix);
  const redis = openRedis(connection);
  const records: WorkerRecords = {
    redis,
    keys,
    checkpoints: new RedisCheckpoints(redis, keys),
    graphCheckpoints: new RedisGraphCheckpoints(redis, keys),
    events: new RedisRunEvents(redis, keys),
    running: new Map<string, AbortController>(),
    runTimeoutMs: options.runTimeoutMs,
  };
  const { running } = records;
  const subscriber = redis.duplicate();
  await subscriber.subscribe(keys.cancelChannel);
  subscriber.on("message", (_channel, runId: string) => running.get(runId)?.abort(cancelled(runId)));

  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker<RunJobData>(connection.queueName, (job) => runJob(job, records, options), {
    connection: connection.bullmq,
    prefix: `${connection.prefix}bull`,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: options.maxStalledCount ?? 20,
  });
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

/** One attempt at a job: claims its run, ends it at once if there is nothing to run, else runs it. */
async function runJob(
  job: Job<RunJobData>,
  records: WorkerRecords,
  runs: Pick<RunWorkerOptions, "agents" | "graphs">,
): Promise<string> {
  const { data } = job;
  const attempt = await RunAttempt.claim(job, records);
  const { runId } = data;
  if (await records.redis.exists(records.keys.cancelled(runId)))
    return attempt.finish({ kind: "finished", status: "cancelled" });
  const graph = data.kind === "graph" ? runs.graphs?.[data.graph] : undefined;
  const agent = data.kind !== "graph" ? runs.agents?.[data.agent] : undefined;
  if (!graph && !agent) {
    const named = data.kind === "graph" ? `graph "${data.graph}"` : `agent "${data.agent}"`;
    const error = new LodeError("invalid-config", `No ${named} in this worker.`);
    return attempt.finish({
      kind: "finished",
      status: "failed",
      error: { code: error.code, message: error.message },
    });
  }
  const written = await attempt.events.all(runId);
  // The run is over already: an attempt that finished it was taken for stalled (its worker was slow to
  // renew its hold) and the run handed out again. There is nothing left to do, and nothing to write.
  const last = written.at(-1)?.entry;
  if (last?.kind === "finished") return last.status;
  if (data.kind === "graph" && graph) return runGraphJob(attempt, graph, data, written);
  if (data.kind !== "graph" && agent) return runAgentJob(attempt, agent, data, written);
  throw new LodeError("invalid-config", `Run ${runId}: no agent or graph to run it.`);
}

function cancelled(runId: string): LodeError {
  return new LodeError("aborted", `Run ${runId} was cancelled.`);
}
