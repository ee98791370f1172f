import { randomUUID } from "node:crypto";
import { type AgentEvent, LodeError, parseWithBytes, type RunResult, stringifyWithBytes } from "@lode/core";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import {
  type DurableConnection,
  openRedis,
  type ResolvedConnection,
  resolveConnection,
} from "./connection.js";
import type { DurableRunEvent, GraphRunResult } from "./durable-graph.js";
import { FINISHED_TTL_SECONDS, RunKeys } from "./keys.js";
import { RedisRunEvents, type RunStreamItem } from "./run-events.js";
import type { EnqueueRun, RunJobData } from "./run-job.js";

export interface RunQueueOptions extends DurableConnection {
  /** Attempts per run before it fails (a crash that stalls a worker does not count). @default 3 */
  attempts?: number;
  /** The first retry's delay, doubled each time after. @default 1000 */
  backoffMs?: number;
}

/**
 * The web process's side of durable runs: queue a run, read its events live (from whichever worker runs
 * it), wait for its result, cancel it. Runs are BullMQ jobs whose id is the run's id.
 */
export class RunQueue {
  private readonly connection: ResolvedConnection;
  private readonly queue: Queue<RunJobData>;
  private readonly redis: Redis;
  private readonly keys: RunKeys;
  readonly events: RedisRunEvents;

  constructor(private readonly options: RunQueueOptions = {}) {
    this.connection = resolveConnection(options);
    this.queue = new Queue<RunJobData>(this.connection.queueName, {
      connection: this.connection.bullmq,
      prefix: `${this.connection.prefix}bull`,
    });
    this.redis = openRedis(this.connection);
    this.keys = new RunKeys(this.connection.prefix);
    this.events = new RedisRunEvents(this.redis, this.keys);
  }

  /**
   * Queues a run of an agent (`{ agent, input }`) or of a graph (`{ graph, input }`, its initial state);
   * resolves with its id once it is safely in Redis. A `sessionId` that is not a non-empty
   * string is refused (`invalid-config`) before anything is queued, as `agent.run` refuses it: the run
   * would otherwise go without its session, its answer stored nowhere a later run reads.
   */
  async enqueue(run: EnqueueRun): Promise<string> {
    const { sessionId } = run;
    if (sessionId !== undefined && (typeof sessionId !== "string" || sessionId.trim() === ""))
      throw new LodeError(
        "invalid-config",
        `sessionId must be a non-empty string, not ${sessionId === "" ? 'string ""' : JSON.stringify(sessionId)}.`,
      );
    const runId = run.runId ?? randomUUID();
    const input = stringifyWithBytes(run.input);
    const session = sessionId !== undefined ? { sessionId } : {};
    const data: RunJobData =
      run.graph !== undefined
        ? { kind: "graph", runId, graph: run.graph, input, ...session }
        : { kind: "agent", runId, agent: run.agent, input, ...session };
    await this.queue.add("run", data, {
      jobId: runId,
      attempts: this.options.attempts ?? 3,
      backoff: { type: "exponential", delay: this.options.backoffMs ?? 1000 },
      removeOnComplete: { age: FINISHED_TTL_SECONDS },
      removeOnFail: { age: FINISHED_TTL_SECONDS },
    });
    return runId;
  }

  /**
   * The run's events after `after` (a stream id, e.g. the SSE `Last-Event-ID`), live, to `finished`. An agent
   * run's events are `AgentEvent`s; for a graph run, `read<DurableRunEvent>(runId)` (its own events too).
   */
  read<E extends DurableRunEvent = AgentEvent>(
    runId: string,
    options: { after?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<RunStreamItem<E>> {
    return this.events.read(runId, options) as AsyncGenerator<RunStreamItem<E>>;
  }

  /** Waits for an agent's run to finish: its result, or its failure as the LodeError it failed with. */
  result<Output = unknown>(runId: string, signal?: AbortSignal): Promise<RunResult<Output>> {
    return this.stored(runId, signal) as Promise<RunResult<Output>>;
  }

  /**
   * Waits for a graph's run to finish: its result (`status` `done`, `paused` or `max_steps`, the final
   * `state`), or its failure as the LodeError it failed with. `S` is the graph's state.
   */
  graphResult<S = Record<string, unknown>>(runId: string, signal?: AbortSignal): Promise<GraphRunResult<S>> {
    return this.stored(runId, signal) as Promise<GraphRunResult<S>>;
  }

  private async stored(runId: string, signal: AbortSignal | undefined): Promise<unknown> {
    for await (const { entry } of this.read(runId, { ...(signal ? { signal } : {}) })) {
      if (entry.kind !== "finished") continue;
      if (entry.status === "completed") {
        const stored = await this.redis.get(this.keys.result(runId));
        if (stored) return parseWithBytes(stored);
      }
      throw new LodeError(
        entry.status === "cancelled" ? "aborted" : ((entry.error?.code as never) ?? "store-failed"),
        entry.error?.message ?? `Run ${runId} ${entry.status}.`,
      );
    }
    throw new LodeError("aborted", `Stopped waiting for run ${runId}.`);
  }

  /** Cancels a run: a waiting one never starts, a running one is aborted by its worker. */
  async cancel(runId: string): Promise<void> {
    await this.redis.set(this.keys.cancelled(runId), "1", "EX", FINISHED_TTL_SECONDS);
    await this.redis.publish(this.keys.cancelChannel, runId);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
