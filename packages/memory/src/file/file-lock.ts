import { createHash, randomUUID } from "node:crypto";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { LodeError } from "@lode/core";

/** Options of `withFileLock`. */
export interface FileLockOptions {
  /**
   * How long to wait for another holder.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * A seam for tests: wraps each attempt to take over `path` from a holder that is gone (`takeOver`
   * resolves true when this contender got the lock), so a test can line several contenders up on the same
   * stale lock and see how each attempt ended.
   */
  aroundTakeover?: TakeoverSeam;
}

export type TakeoverSeam = (path: string, takeOver: () => Promise<boolean>) => Promise<boolean>;

/** One contender: the file holding its token, hard-linked into place to take a lock. */
interface Contender {
  file: string;
  aroundTakeover: TakeoverSeam;
}

/**
 * Holds `path` as a lock file across processes. The holder's token (its pid and a random id, unique to
 * this acquisition) is written to a file of its own first, then hard-linked to `path` (which fails while
 * another holder has it), so a lock file always names its holder; one whose holder is no longer alive
 * (killed mid-append) is taken over as `takeOver` explains.
 */
export async function withFileLock<T>(
  path: string,
  work: () => Promise<T>,
  { timeoutMs = 10_000, aroundTakeover = (_path, takeOver) => takeOver() }: FileLockOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const contender: Contender = { file: `${path}.${randomUUID()}.tmp`, aroundTakeover };
  await writeFile(contender.file, `${process.pid}:${randomUUID()}`);
  try {
    for (let wait = 1; !(await acquire(path, contender)); wait = Math.min(wait * 2, 50)) {
      if (Date.now() > deadline)
        throw new LodeError("timeout", `Timed out after ${timeoutMs} ms waiting for the lock ${path}.`);
      await sleep(wait);
    }
  } finally {
    await unlink(contender.file).catch(() => undefined);
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/** One attempt at `path`: true when the contender now holds it. */
async function acquire(path: string, contender: Contender): Promise<boolean> {
  try {
    await link(contender.file, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = await readFile(path, "utf8").catch(() => undefined);
  if (holder === undefined || !holderIsGone(holder)) return false;
  return contender.aroundTakeover(path, () => takeOver(path, holder, contender));
}

/**
 * Replaces the lock `path` of a holder that is gone with the contender's own. Checking that the stale
 * lock is still there and then removing or replacing it are two steps, and the file system has no
 * compare-and-swap: two contenders that both saw the stale lock could both pass the check, and the slower
 * one would remove the lock the faster one had just taken, leaving both holding it. So a takeover first
 * takes a guard lock named after the stale holder's token (`<path>.takeover-<hash of token>`), with this
 * same protocol; only then does it re-read `path` and, if it still names that holder, rename a fresh link
 * of its own token over it (rename replaces atomically, so the lock never goes missing). This is safe
 * because a lock naming token T changes in only two ways: T's holder releases it (it is gone, it cannot),
 * or T's guard holder replaces it (the guard excludes every other). A contender that lost the race finds
 * the guard held, or `path` naming someone else, and waits like any other. The guard is removed after,
 * even if the takeover found nothing to do: a late contender that takes it re-reads `path` and finds a
 * different token. A contender killed while holding a guard leaves a stale guard, taken over the same way
 * (by a guard of the guard); a token is never reused, so guards of past takeovers never get in the way.
 */
async function takeOver(path: string, holder: string, contender: Contender): Promise<boolean> {
  const guard = takeoverGuardPath(path, holder);
  if (!(await acquire(guard, contender))) return false;
  try {
    if ((await readFile(path, "utf8").catch(() => undefined)) !== holder) return false;
    const fresh = `${contender.file}.${randomUUID()}`;
    await link(contender.file, fresh);
    try {
      await rename(fresh, path);
    } catch (error) {
      await unlink(fresh).catch(() => undefined);
      throw error;
    }
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/** Whether the holder a lock file names is no longer running (or the file names no one). */
function holderIsGone(holder: string): boolean {
  // A token is `<pid>:<id>`; lock files from earlier versions hold the pid alone.
  const pid = Number(holder.split(":", 1)[0]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The guard lock a takeover of the lock at `path` held by `holder` (its token) goes through. */
export function takeoverGuardPath(path: string, holder: string): string {
  return `${path}.takeover-${createHash("sha256").update(holder).digest("hex").slice(0, 16)}`;
}
