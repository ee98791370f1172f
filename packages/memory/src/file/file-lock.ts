import { link, readFile, unlink, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Holds `path` as a lock file across processes. The holder's pid is written to a temporary file first,
 * then hard-linked to `path` (which fails while another holder has it), so a lock file always names its
 * holder; one whose holder is no longer alive (killed mid-append) is taken over.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temporary, String(process.pid));
  try {
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        await link(temporary, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (await holderIsGone(path)) {
          await unlink(path).catch(() => undefined);
          continue;
        }
        if (Date.now() > deadline) throw new Error(`Timed out waiting for the lock ${path}.`);
        await sleep(wait);
      }
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function holderIsGone(path: string): Promise<boolean> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return false;
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
