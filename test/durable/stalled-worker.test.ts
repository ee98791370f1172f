import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { RunQueue, type RunStreamItem } from "@lode/durable";
import { RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { FIVE_STEP_SCRIPT, ranKey } from "./support/five-step-job.js";
import { spawnWorker } from "./support/spawn-worker.js";

const prefix = `lode-test-stalled-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);
let server: BedrockLocal;
let queue: RunQueue;
const workers: ChildProcess[] = [];

/** Starts a worker process (one run at a time, each tool call 400 ms); resolves once it takes runs. */
async function startWorker(): Promise<ChildProcess> {
  const child = await spawnWorker({
    endpoint: server.url,
    redisUrl: REDIS_URL,
    prefix,
    concurrency: 1,
    stepMs: 400,
  });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  server = await startBedrockLocal({ script: FIVE_STEP_SCRIPT });
  queue = new RunQueue({ url: REDIS_URL, prefix });
});
afterAll(async () => {
  for (const child of workers) {
    if (child.signalCode === "SIGSTOP") child.kill("SIGCONT");
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  await queue?.close();
  await server?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** Reads the run's stream until `until` holds for an entry; resolves with what was read, the reader still going. */
async function readUntil(
  items: RunStreamItem[],
  runId: string,
  until: (item: RunStreamItem) => boolean,
): Promise<void> {
  for await (const item of queue.read(runId, { after: items.at(-1)?.id })) {
    items.push(item);
    if (until(item)) return;
  }
}

describe("a worker that stalls without dying", () => {
  test("is fenced off once another worker takes its run over: the run completes once", {
    timeout: 60_000,
  }, async () => {
    const stalling = await startWorker();
    const sessionId = randomUUID();
    const runId = await queue.enqueue({ agent: "five-steps", input: "Record five steps.", sessionId });
    const items: RunStreamItem[] = [];
    // Mid-step: a tool call is running when the worker stops.
    await readUntil(items, runId, ({ entry }) => entry.kind === "event" && entry.event.type === "tool-call");
    stalling.kill("SIGSTOP");
    await startWorker();
    await readUntil(items, runId, ({ entry }) => entry.kind === "resumed");
    // The stalled worker wakes while the other runs the run: its call answers, its writes are refused.
    stalling.kill("SIGCONT");
    const result = await queue.result(runId);
    expect(result.text).toBe("All five steps are recorded.");

    const whole = await queue.events.all(runId);
    const kinds = whole.map(({ entry }) => (entry.kind === "event" ? entry.event.type : entry.kind));
    expect(kinds.filter((kind) => kind === "run-start")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "run-end")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "finished")).toHaveLength(1);
    expect(kinds.at(-1)).toBe("finished");
    const resultIds = whole.flatMap(({ entry }) =>
      entry.kind === "event" && entry.event.type === "tool-result" ? [entry.event.toolUseId] : [],
    );
    expect(new Set(resultIds).size).toBe(resultIds.length);
    // No call that succeeded ran twice: the stalled worker started none after the takeover.
    const ran = await redis.hgetall(ranKey(prefix, runId));
    for (const call of result.toolCalls)
      if (call.status === "success") expect(Number(ran[call.toolUseId] ?? 0)).toBe(1);
    // The session holds the run once, as the worker that finished it wrote it: nothing of the stalled one's.
    const sessions = new RedisConversationStore({ url: REDIS_URL, keyPrefix: `${prefix}sessions:` });
    try {
      expect((await sessions.load(sessionId)).messages).toEqual(result.messages);
    } finally {
      await sessions.close();
    }
    // Nothing more reaches the stream, and the stalled worker did not crash over its refused writes.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await queue.events.all(runId)).length).toBe(whole.length);
    expect(stalling.exitCode).toBeNull();
    stalling.kill("SIGKILL");
    await once(stalling, "exit");
  });
});
