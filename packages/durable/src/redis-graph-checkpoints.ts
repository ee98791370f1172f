import { parseWithBytes, stringifyWithBytes } from "@lode/core";
import type { Redis } from "ioredis";
import type { DurableGraphCheckpoint } from "./durable-graph.js";
import type { RunKeys } from "./keys.js";
import type { RunFence } from "./run-fence.js";

/**
 * A graph run's checkpoints in Redis (a `GraphCheckpointer` of `@lode/graph`): one JSON value under the run's
 * id, replaced after every node and every step. Its agent nodes' runs keep theirs apart, in
 * `RedisCheckpoints`, under `${graphRunId}:${taskId}`.
 */
export class RedisGraphCheckpoints {
  /** @param fence when given, every write is the fenced attempt's: refused once another claimed the run */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RunKeys,
    private readonly fence?: RunFence,
  ) {}

  /** The same checkpoints, written by the attempt that holds `fence`. */
  fencedBy(fence: RunFence): RedisGraphCheckpoints {
    return new RedisGraphCheckpoints(this.redis, this.keys, fence);
  }

  save(checkpoint: DurableGraphCheckpoint): Promise<void> {
    // Encoded now, not after a wait: saves of nodes that finish together land in the order they were made.
    const json = stringifyWithBytes(checkpoint);
    if (this.fence) return this.fence.saveCheckpoint(json, checkpoint.runId);
    return this.redis.set(this.keys.checkpoint(checkpoint.runId), json).then(() => undefined);
  }

  /** The run's last checkpoint; undefined when it has none (no node finished yet, or the run is over). */
  async load<C extends DurableGraphCheckpoint = DurableGraphCheckpoint>(
    runId: string,
  ): Promise<C | undefined> {
    const json = await this.redis.get(this.keys.checkpoint(runId));
    return json ? (parseWithBytes(json) as C) : undefined;
  }

  /** Forgets the run's checkpoint, once it finished. */
  async delete(runId: string): Promise<void> {
    await this.redis.del(this.keys.checkpoint(runId));
  }
}
