import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type TakeoverSeam, takeoverGuardPath, withFileLock } from "./file-lock.js";

const directories: string[] = [];
async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "lode-file-lock-"));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

/** The pid of a process that has exited: what a lock left by a writer killed mid-append names. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe("withFileLock", () => {
  // Both contenders judge the lock stale from the same reading before either acts (the seam holds each
  // until both are there); then they try to take it over at once, or one after the other: the second
  // acting on its old reading once the first already holds the lock is the race that let both in.
  test.each(["at once", "in turn"])(
    "lets only one of two contenders that found the same stale lock take it over (%s)",
    async (timing) => {
      const directory = await freshDirectory();
      const lock = join(directory, "s.jsonl.lock");
      await writeFile(lock, `${await deadPid()}:killed-holder`);

      const arrived = [deferred(), deferred()];
      const attempted = [deferred(), deferred()];
      const outcomes: boolean[] = [];
      let arrivals = 0;
      const aroundTakeover: TakeoverSeam = async (_path, takeOver) => {
        const index = arrivals++;
        arrived[index]!.resolve();
        await Promise.all(arrived.map(({ promise }) => promise));
        if (timing === "in turn" && index === 1) await attempted[0]!.promise;
        const won = await takeOver();
        outcomes.push(won);
        attempted[index]!.resolve();
        return won;
      };
      let inside = 0;
      let most = 0;
      const ran: string[] = [];
      const work = (name: string) => async () => {
        inside++;
        most = Math.max(most, inside);
        ran.push(name);
        // The holder keeps the lock until both attempts have ended, so the loser tries meanwhile.
        await Promise.all(attempted.map(({ promise }) => promise));
        inside--;
      };

      await Promise.all([
        withFileLock(lock, work("a"), { aroundTakeover }),
        withFileLock(lock, work("b"), { aroundTakeover }),
      ]);

      expect(outcomes.sort()).toEqual([false, true]);
      expect(most).toBe(1);
      expect(ran.sort()).toEqual(["a", "b"]);
      expect(await readdir(directory)).toEqual([]);
    },
  );

  test("takes over a stale lock whose takeover was cut short by a killed contender", async () => {
    const directory = await freshDirectory();
    const lock = join(directory, "s.jsonl.lock");
    const holder = `${await deadPid()}:killed-holder`;
    await writeFile(lock, holder);
    await writeFile(takeoverGuardPath(lock, holder), `${await deadPid()}:killed-taker`);

    const ran = await withFileLock(lock, async () => "ran", { timeoutMs: 1_000 });

    expect(ran).toBe("ran");
    expect(await readdir(directory)).toEqual([]);
  });

  test("takes over a lock file left by an earlier version, which names only a pid", async () => {
    const directory = await freshDirectory();
    const lock = join(directory, "s.jsonl.lock");
    await writeFile(lock, String(await deadPid()));
    expect(await withFileLock(lock, async () => "ran", { timeoutMs: 1_000 })).toBe("ran");
    expect(await readdir(directory)).toEqual([]);
  });
});
