import { randomUUID } from "node:crypto";
import { type LodeError, runTakenOver } from "@lode/core";
import type { Redis } from "ioredis";
import type { RunKeys } from "./keys.js";

/** The error a write of a worker that no longer holds its run fails with. */
export const FENCED = "LODE_FENCED";

/**
 * Runs `write` (Redis commands on `KEYS[2..]`, `ARGV[2..]`) only while `KEYS[1]`, the run's owner, still
 * holds `ARGV[1]`, the writer's token: checked and written in one step, so no write of a worker that lost
 * its run can land after the check.
 */
function fencedScript(write: string): string {
  return `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return redis.error_reply("${FENCED}") end\n${write}`;
}

const SCRIPTS = {
  // KEYS: owner, stream. ARGV: token, fields…
  fencedXadd: {
    numberOfKeys: 2,
    lua: fencedScript(`return redis.call("XADD", KEYS[2], "*", unpack(ARGV, 2))`),
  },
  // KEYS: owner, checkpoint, calls. ARGV: token, checkpoint JSON.
  fencedCheckpoint: {
    numberOfKeys: 3,
    lua: fencedScript(`redis.call("SET", KEYS[2], ARGV[2]); redis.call("DEL", KEYS[3]); return "OK"`),
  },
  // KEYS: owner, hash. ARGV: token, field, value, "nx" to keep a field already there.
  fencedHset: {
    numberOfKeys: 2,
    lua: fencedScript(
      `if ARGV[4] == "nx" then return redis.call("HSETNX", KEYS[2], ARGV[2], ARGV[3]) end\nreturn redis.call("HSET", KEYS[2], ARGV[2], ARGV[3])`,
    ),
  },
  // KEYS: owner, key. ARGV: token, value, seconds to live.
  fencedSetEx: {
    numberOfKeys: 2,
    lua: fencedScript(`return redis.call("SET", KEYS[2], ARGV[2], "EX", ARGV[3])`),
  },
} as const;

type FencedCommands = {
  [Name in keyof typeof SCRIPTS]: (...keysAndArgs: string[]) => Promise<unknown>;
};

/**
 * One worker's hold on one run, as far as its records go. BullMQ fences its own job state with its lock
 * tokens, but a worker that stalled without dying (a blocked event loop, a paused VM) goes on running the
 * run another worker has since taken over; each attempt therefore claims the run with a token of its own,
 * and every write it makes is refused (`isFenced`) once a later attempt has claimed it.
 */
export class RunFence {
  private lostTo: LodeError | undefined;

  private constructor(
    private readonly redis: Redis & FencedCommands,
    private readonly keys: RunKeys,
    readonly runId: string,
    readonly token: string,
    private readonly onLost: (error: LodeError) => void,
  ) {}

  /**
   * Claims `runId` for a new attempt: the attempt before it, if still running, can write no more. The first
   * write of this attempt refused later (a later one claimed the run) calls `onLost` with `runTakenOver`'s
   * error, which is also what that write and every later one reject with.
   */
  static async claim(
    redis: Redis,
    keys: RunKeys,
    runId: string,
    onLost: (error: LodeError) => void,
  ): Promise<RunFence> {
    const commands = withFencedCommands(redis);
    const token = randomUUID();
    await redis.set(keys.owner(runId), token);
    return new RunFence(commands, keys, runId, token, onLost);
  }

  /** Set once a write was refused: the error the attempt stops with. */
  get lost(): LodeError | undefined {
    return this.lostTo;
  }

  get owner(): string {
    return this.keys.owner(this.runId);
  }

  xadd(stream: string, fields: string[]): Promise<string> {
    return this.write(() =>
      this.redis.fencedXadd(this.owner, stream, this.token, ...fields),
    ) as Promise<string>;
  }

  /** Replaces `runId`'s checkpoint (the fenced run's own, or one of its agent nodes' runs). */
  saveCheckpoint(checkpoint: string, runId = this.runId): Promise<void> {
    const { keys } = this;
    return this.write(() =>
      this.redis.fencedCheckpoint(
        this.owner,
        keys.checkpoint(runId),
        keys.calls(runId),
        this.token,
        checkpoint,
      ),
    ).then(() => undefined);
  }

  hset(hash: string, field: string, value: string, options: { keep?: boolean } = {}): Promise<void> {
    const nx = options.keep ? ["nx"] : [];
    return this.write(() => this.redis.fencedHset(this.owner, hash, this.token, field, value, ...nx)).then(
      () => undefined,
    );
  }

  setWithTtl(key: string, value: string, seconds: number): Promise<void> {
    return this.write(() => this.redis.fencedSetEx(this.owner, key, this.token, value, String(seconds))).then(
      () => undefined,
    );
  }

  /** One fenced write: refused at once after a refusal, and a refusal turned into `runTakenOver`'s error. */
  private async write(command: () => Promise<unknown>): Promise<unknown> {
    if (this.lostTo) throw this.lostTo;
    try {
      return await command();
    } catch (error) {
      if (!isFenced(error)) throw error;
      if (!this.lostTo) {
        this.lostTo = runTakenOver(this.runId, error);
        this.onLost(this.lostTo);
      }
      throw this.lostTo;
    }
  }
}

/** Whether an error is (or was caused by) the refusal of a write whose run another attempt has claimed since. */
export function isFenced(error: unknown): boolean {
  for (let at = error, depth = 0; at instanceof Error && depth < 8; at = at.cause, depth++)
    if (at.message.includes(FENCED)) return true;
  return false;
}

/** `redis` with the fenced scripts defined on it (once per connection; ioredis keeps their SHA). */
function withFencedCommands(redis: Redis): Redis & FencedCommands {
  const commands = redis as Redis & Partial<FencedCommands>;
  for (const [name, { numberOfKeys, lua }] of Object.entries(SCRIPTS))
    if (!(name in commands)) redis.defineCommand(name, { numberOfKeys, lua });
  return commands as Redis & FencedCommands;
}
