import type {
  CheckpointedAnswer,
  CheckpointedCall,
  RunCheckpoint,
  RunCheckpointer,
  RunResumption,
} from "@lode/core";
import { parseWithBytes, stringifyWithBytes } from "@lode/core";
import type { Redis } from "ioredis";
import type { RunKeys } from "./keys.js";
import type { RunFence } from "./run-fence.js";

/**
 * A run's checkpoints in Redis: the state at the last step boundary as one JSON value, and the calls of
 * the step in progress as a hash beside it, so that marking a call costs one small write, not a rewrite
 * of the whole conversation. Saving a checkpoint replaces both in one transaction.
 */
export class RedisCheckpoints implements RunCheckpointer {
  /** @param fence when given, every write is the fenced attempt's: refused once another claimed the run */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RunKeys,
    private readonly fence?: RunFence,
  ) {}

  /** The same checkpoints, written by the attempt that holds `fence`. */
  fencedBy(fence: RunFence): RedisCheckpoints {
    return new RedisCheckpoints(this.redis, this.keys, fence);
  }

  async save(checkpoint: RunCheckpoint): Promise<void> {
    const { runId } = checkpoint;
    const json = stringifyWithBytes(checkpoint);
    if (this.fence) return this.fence.saveCheckpoint(json, runId);
    await this.redis
      .multi()
      .set(this.keys.checkpoint(runId), json)
      .del(this.keys.calls(runId))
      .exec()
      .then(failedCommand);
  }

  async callStarted(runId: string, toolUseId: string): Promise<void> {
    const started = JSON.stringify({ toolUseId, state: "started" });
    // Never over an answer: a call answered and then started again stays answered.
    if (this.fence) return this.fence.hset(this.keys.calls(runId), toolUseId, started, { keep: true });
    await this.redis.hsetnx(this.keys.calls(runId), toolUseId, started);
  }

  async callAnswered(runId: string, answer: CheckpointedAnswer): Promise<void> {
    const call = stringifyWithBytes({ state: "answered", ...answer } satisfies CheckpointedCall);
    if (this.fence) return this.fence.hset(this.keys.calls(runId), answer.toolUseId, call);
    await this.redis.hset(this.keys.calls(runId), answer.toolUseId, call);
  }

  /** The run's last checkpoint and its calls; undefined when it has none (it never started, or finished). */
  async load(runId: string): Promise<RunResumption | undefined> {
    const [[, checkpoint], [, calls]] = ((await this.redis
      .multi()
      .get(this.keys.checkpoint(runId))
      .hgetall(this.keys.calls(runId))
      .exec()) ?? []) as [[unknown, string | null], [unknown, Record<string, string>]];
    if (!checkpoint) return undefined;
    return {
      checkpoint: parseWithBytes(checkpoint) as RunCheckpoint,
      calls: Object.values(calls ?? {}).map((call) => parseWithBytes(call) as CheckpointedCall),
    };
  }

  /** Forgets the run's checkpoint, once it finished. */
  async delete(runId: string): Promise<void> {
    await this.redis.del(this.keys.checkpoint(runId), this.keys.calls(runId));
  }
}

function failedCommand(results: [Error | null, unknown][] | null): void {
  const failure = results?.find(([error]) => error)?.[0];
  if (failure) throw failure;
}
