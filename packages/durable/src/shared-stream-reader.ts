import type { Redis } from "ioredis";

/** Rows as XREAD answers them for one stream: `[id, [field, value, …]]`. */
export type StreamRows = [string, string[]][];

/** One reader of one stream: where it stands, and where its rows go. */
interface Follower {
  key: string;
  cursor: string;
  deliver(rows: StreamRows): void;
  fail(error: unknown): void;
}

/** How long one blocking read waits before it goes round again (new followers interrupt it sooner). */
const BLOCK_MS = 1_000;
/** Rows per stream per read. */
const COUNT = 500;
/** The name the shared connection gives itself (`CLIENT LIST` shows it). */
export const READER_CONNECTION_NAME = "lode-run-events-reader";

/**
 * Follows any number of Redis streams on one connection: one blocking XREAD names every stream followed and
 * hands each follower the rows after its cursor. A blocking read holds its connection, so one per reader
 * would cost a connection for every open SSE response of a web process; here a process has one, made when
 * the first reader comes and closed when the last one goes. A follower that joins while a read is blocked
 * interrupts it (`CLIENT UNBLOCK`), so it waits for no timeout.
 */
export class SharedStreamReader {
  private readonly followers = new Set<Follower>();
  private clientId: number | undefined;
  private running: Promise<void> | undefined;
  private blocked = false;

  constructor(private readonly redis: Redis) {}

  /** The stream's rows after `cursor`, as they are written, until `signal` aborts or the caller stops reading. */
  async *follow(key: string, cursor: string, signal?: AbortSignal): AsyncGenerator<[string, string[]]> {
    const queue: StreamRows = [];
    let failure: unknown;
    let wake: (() => void) | undefined;
    const follower: Follower = {
      key,
      cursor,
      deliver: (rows) => {
        queue.push(...rows);
        follower.cursor = rows.at(-1)?.[0] ?? follower.cursor;
        wake?.();
      },
      fail: (error) => {
        failure = error;
        wake?.();
      },
    };
    const stop = () => wake?.();
    signal?.addEventListener("abort", stop, { once: true });
    this.add(follower);
    try {
      while (!signal?.aborted) {
        const row = queue.shift();
        if (row) {
          yield row;
          continue;
        }
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      signal?.removeEventListener("abort", stop);
      this.remove(follower);
    }
  }

  private add(follower: Follower): void {
    this.followers.add(follower);
    if (this.running) {
      this.interrupt();
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // A follower that came as the loop was ending starts it again.
      if (this.followers.size > 0) this.add([...this.followers][0] as Follower);
    });
  }

  private remove(follower: Follower): void {
    this.followers.delete(follower);
    if (this.followers.size === 0) this.interrupt();
  }

  /** Ends a blocking read now, so the next one names the streams followed now. */
  private interrupt(): void {
    if (!this.blocked || this.clientId === undefined) return;
    // Only a shortcut: should it fail, the read ends at its timeout instead, and nothing is lost.
    this.redis.client("UNBLOCK", this.clientId).catch(() => {});
  }

  private async loop(): Promise<void> {
    const connection = this.redis.duplicate({ connectionName: READER_CONNECTION_NAME });
    try {
      this.clientId = Number(await connection.client("ID"));
      while (this.followers.size > 0) {
        const followers = [...this.followers];
        // Each stream once, from the earliest cursor of its followers.
        const from = new Map<string, string>();
        for (const { key, cursor } of followers) {
          const earliest = from.get(key);
          if (earliest === undefined || isAfter(earliest, cursor)) from.set(key, cursor);
        }
        this.blocked = true;
        const answer = await connection
          .xread("COUNT", COUNT, "BLOCK", BLOCK_MS, "STREAMS", ...from.keys(), ...from.values())
          .finally(() => {
            this.blocked = false;
          });
        for (const [key, rows] of answer ?? [])
          for (const follower of followers)
            if (follower.key === key && this.followers.has(follower)) {
              // Only rows after this follower's own cursor: two followers of one stream may stand apart.
              const after = rows.filter(([id]) => isAfter(id, follower.cursor));
              if (after.length > 0) follower.deliver(after as StreamRows);
            }
      }
    } catch (error) {
      for (const follower of this.followers) follower.fail(error);
    } finally {
      this.clientId = undefined;
      connection.disconnect();
    }
  }
}

/** Whether stream id `id` comes after `cursor` (`ms-seq`, compared as numbers). */
function isAfter(id: string, cursor: string): boolean {
  const [ms = "0", seq = "0"] = id.split("-");
  const [cursorMs = "0", cursorSeq = "0"] = cursor.split("-");
  const a = BigInt(ms);
  const b = BigInt(cursorMs);
  return a > b || (a === b && BigInt(seq) > BigInt(cursorSeq));
}
