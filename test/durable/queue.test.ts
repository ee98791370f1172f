import { randomUUID } from "node:crypto";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { RunQueue, type RunStreamItem, type RunWorker, startRunWorker } from "@lode/durable";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { FIVE_STEP_SCRIPT, fiveStepAgent, ranKey } from "./support/five-step-job.js";

const prefix = `lode-test-durable-${randomUUID()}:`;
let server: BedrockLocal;
let queue: RunQueue;
let worker: RunWorker;
let job: ReturnType<typeof fiveStepAgent>;
const redis = new Redis(REDIS_URL);

beforeAll(async () => {
  server = await startBedrockLocal({ script: FIVE_STEP_SCRIPT });
  job = fiveStepAgent({ endpoint: server.url, redisUrl: REDIS_URL, prefix, stepMs: 20 });
  worker = await startRunWorker({
    url: REDIS_URL,
    prefix,
    agents: { "five-steps": job.agent },
    concurrency: 4,
  });
  queue = new RunQueue({ url: REDIS_URL, prefix });
});
afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await job?.close();
  await server?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function readAll(runId: string, after?: string): Promise<RunStreamItem[]> {
  const items: RunStreamItem[] = [];
  for await (const item of queue.read(runId, after ? { after } : {})) items.push(item);
  return items;
}

describe("a queued run", () => {
  test("runs on a worker; its events stream live to the caller, ending finished, and its result arrives", async () => {
    const runId = await queue.enqueue({
      agent: "five-steps",
      input: "Record five steps.",
      sessionId: randomUUID(),
    });
    const [items, result] = await Promise.all([readAll(runId), queue.result(runId)]);

    expect(result.runId).toBe(runId);
    expect(result.text).toBe("All five steps are recorded.");
    expect(result.steps).toHaveLength(6);
    const types = items.map(({ entry }) => (entry.kind === "event" ? entry.event.type : entry.kind));
    expect(types[0]).toBe("run-start");
    expect(types.at(-2)).toBe("run-end");
    expect(types.at(-1)).toBe("finished");
    expect(types.filter((type) => type === "tool-result")).toHaveLength(5);
    expect(Object.values(await redis.hgetall(ranKey(prefix, runId)))).toEqual(["1", "1", "1", "1", "1"]);
    expect(server.requests.every((entry) => entry.status === 200)).toBe(true);
  });

  test("reconnecting with the last event id it saw, a reader sees no gap and no duplicate", async () => {
    const runId = await queue.enqueue({ agent: "five-steps", input: "Record five steps." });
    const seen: RunStreamItem[] = [];
    // Disconnect after a few entries, as a browser that lost its connection, then go on from the last id.
    for await (const item of queue.read(runId)) {
      seen.push(item);
      if (seen.length === 7) break;
    }
    seen.push(...(await readAll(runId, seen.at(-1)?.id)));
    const whole = await queue.events.all(runId);

    expect(seen.map((item) => item.id)).toEqual(whole.map((item) => item.id));
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    expect(seen.at(-1)?.entry).toEqual({ kind: "finished", status: "completed" });
  });

  test("is cancelled by its id: a running one is aborted and finishes cancelled", async () => {
    const runId = await queue.enqueue({ agent: "five-steps", input: "Record five steps." });
    for await (const { entry } of queue.read(runId))
      if (entry.kind === "event" && entry.event.type === "tool-result") break;
    await queue.cancel(runId);
    const error = await queue.result(runId).then(
      () => undefined,
      (reason: unknown) => reason as { code: string },
    );

    expect(error?.code).toBe("aborted");
    expect((await queue.events.all(runId)).at(-1)?.entry).toEqual({ kind: "finished", status: "cancelled" });
  });
});
