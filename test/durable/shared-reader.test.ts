import { randomUUID } from "node:crypto";
import { READER_CONNECTION_NAME, RedisRunEvents, RunKeys } from "@lode/durable";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";

const prefix = `lode-test-reader-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);
const keys = new RunKeys(prefix);
/** Connections the readers opened: each is a `duplicate()` of the client they were given. */
let opened = 0;
const counted = new Proxy(redis, {
  get(target, property, receiver) {
    if (property === "duplicate")
      return (...args: Parameters<Redis["duplicate"]>) => {
        opened++;
        return target.duplicate(...args);
      };
    const value = Reflect.get(target, property, receiver);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
const events = new RedisRunEvents(counted, keys);

afterAll(async () => {
  const found = await redis.keys(`${prefix}*`);
  if (found.length > 0) await redis.del(...found);
  redis.disconnect();
});

/** Connections open under the shared reader's name, this test's and any other's. */
async function readerConnections(): Promise<number> {
  const list = String(await redis.client("LIST"));
  return list.split("\n").filter((line) => line.includes(`name=${READER_CONNECTION_NAME}`)).length;
}

function resumed(step: number) {
  return { kind: "resumed" as const, attempt: 1, step };
}

describe("readers of many runs", () => {
  test("share one blocking connection, each gets its own run's entries in order, to finished", async () => {
    const runs = Array.from({ length: 20 }, () => randomUUID());
    const reads = runs.map(async (runId) => {
      const seen: string[] = [];
      for await (const { entry } of events.read(runId))
        seen.push(entry.kind === "resumed" ? `resumed ${entry.step}` : entry.kind);
      return seen;
    });
    // Readers that join while the others wait, then entries for every run, interleaved.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readerConnections()).toBeGreaterThanOrEqual(1);
    for (let step = 1; step <= 3; step++) for (const runId of runs) await events.append(runId, resumed(step));
    for (const runId of runs) await events.append(runId, { kind: "finished", status: "completed" });
    const seen = await Promise.all(reads);
    expect(seen).toEqual(runs.map(() => ["resumed 1", "resumed 2", "resumed 3", "finished"]));
    // Twenty readers, one connection between them.
    expect(opened).toBe(1);
  });

  test("two readers of one run from different places each get what follows their own place", async () => {
    const runId = randomUUID();
    const first = await events.append(runId, resumed(1));
    await events.append(runId, resumed(2));
    const collect = async (after?: string) => {
      const seen: number[] = [];
      for await (const { entry } of events.read(runId, after ? { after } : {}))
        if (entry.kind === "resumed") seen.push(entry.step);
      return seen;
    };
    const fromStart = collect();
    const fromFirst = collect(first);
    await events.append(runId, resumed(3));
    await events.append(runId, { kind: "finished", status: "completed" });
    expect(await fromStart).toEqual([1, 2, 3]);
    expect(await fromFirst).toEqual([2, 3]);
  });

  test("a reader that stops (its signal, or breaking off) leaves the others reading", async () => {
    const [stopped, broken, going] = [randomUUID(), randomUUID(), randomUUID()];
    const controller = new AbortController();
    const stoppedRead = (async () => {
      const seen: number[] = [];
      for await (const { entry } of events.read(stopped, { signal: controller.signal }))
        if (entry.kind === "resumed") seen.push(entry.step);
      return seen;
    })();
    const brokenRead = (async () => {
      for await (const _ of events.read(broken)) break;
      return "broke off";
    })();
    const goingRead = (async () => {
      const seen: number[] = [];
      for await (const { entry } of events.read(going)) if (entry.kind === "resumed") seen.push(entry.step);
      return seen;
    })();
    await events.append(broken, resumed(1));
    expect(await brokenRead).toBe("broke off");
    controller.abort();
    expect(await stoppedRead).toEqual([]);
    await events.append(going, resumed(1));
    await events.append(going, { kind: "finished", status: "completed" });
    expect(await goingRead).toEqual([1]);
  });
});
