import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { INTERRUPTED_CALL } from "@lode/core";
import { RunQueue, type RunStreamItem } from "@lode/durable";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { FIVE_STEP_SCRIPT, ranKey } from "./support/five-step-job.js";
import { spawnWorker } from "./support/spawn-worker.js";

const RUNS = 30;
const KILLS = 4;
const prefix = `lode-test-crashes-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);
let server: BedrockLocal;
let queue: RunQueue;
const workers: ChildProcess[] = [];

/** Starts a worker process (four runs at once, each tool call 400 ms); resolves once it takes runs. */
async function startWorker(): Promise<ChildProcess> {
  const child = await spawnWorker({
    endpoint: server.url,
    redisUrl: REDIS_URL,
    prefix,
    concurrency: 4,
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
  for (const child of workers) if (child.exitCode === null) child.kill("SIGKILL");
  await queue?.close();
  await server?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** A reader's view of a run: every entry as it arrived, and the messages left once discards apply. */
async function readThrough(runId: string) {
  const items: RunStreamItem[] = [];
  for await (const item of queue.read(runId)) items.push(item);
  let standing: RunStreamItem[] = [];
  for (const item of items) {
    const { entry } = item;
    if (entry.kind === "resumed" && entry.discardsAfter) {
      const keep = standing.findIndex((kept) => kept.id === entry.discardsAfter);
      standing = standing.slice(0, keep + 1);
    }
    standing.push(item);
  }
  const messages = standing.flatMap(({ entry }) =>
    entry.kind === "event" && entry.event.type === "message" ? [entry.event.message as Message] : [],
  );
  return { items, standing, messages };
}

describe("durable runs through worker crashes", () => {
  test(`complete ${RUNS} five-step runs exactly once on three workers, one SIGKILLed mid-step ${KILLS} times`, {
    timeout: 120_000,
  }, async () => {
    for (let index = 0; index < 3; index++) await startWorker();
    const runIds = await Promise.all(
      Array.from({ length: RUNS }, (_, index) =>
        queue.enqueue({
          agent: "five-steps",
          input: `Record five steps (${index}).`,
          sessionId: randomUUID(),
        }),
      ),
    );
    const reads = runIds.map((runId) => readThrough(runId));
    const results = runIds.map((runId) => queue.result(runId));

    // Kill a worker while tool calls run (each takes 400 ms; runs are mid-step nearly all the time).
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const victim = workers.filter((child) => child.exitCode === null && child.signalCode === null)[
        kill % 3
      ];
      victim?.kill("SIGKILL");
      if (victim) await once(victim, "exit");
      await startWorker();
    }
    const finished = await Promise.all(results);
    const views = await Promise.all(reads);

    // Every run completed, once.
    expect(finished.map((result) => result.text)).toEqual(Array(RUNS).fill("All five steps are recorded."));
    for (const [index, view] of views.entries()) {
      const runId = runIds[index] ?? "";
      const whole = await queue.events.all(runId);
      // The reader saw the stream whole: no entry missed, none twice, in order.
      expect(view.items.map((item) => item.id)).toEqual(whole.map((item) => item.id));
      const kinds = view.items.map(({ entry }) => (entry.kind === "event" ? entry.event.type : entry.kind));
      expect(kinds.filter((kind) => kind === "run-start")).toHaveLength(1);
      expect(kinds.filter((kind) => kind === "run-end")).toHaveLength(1);
      expect(kinds.filter((kind) => kind === "finished")).toHaveLength(1);
      // Each call's result streamed exactly once, and the messages left are the run's own.
      const resultIds = view.items.flatMap(({ entry }) =>
        entry.kind === "event" && entry.event.type === "tool-result" ? [entry.event.toolUseId] : [],
      );
      expect(new Set(resultIds).size).toBe(resultIds.length);
      const result = finished[index];
      expect(resultIds.sort()).toEqual(result?.toolCalls.map((call) => call.toolUseId).sort());
      expect(view.messages).toEqual(result?.messages.slice(1));
      // No completed call ran again: a call that succeeded ran once; an interrupted one at most once.
      const ran = await redis.hgetall(ranKey(prefix, runId));
      for (const call of result?.toolCalls ?? []) {
        const times = Number(ran[call.toolUseId] ?? 0);
        if (call.status === "success") expect(times).toBe(1);
        else {
          expect(call.content).toEqual([{ text: INTERRUPTED_CALL }]);
          expect(times).toBeLessThanOrEqual(1);
        }
      }
    }
    // The kills did land mid-run: some runs were taken over by another worker.
    const takenOver = views.filter((view) => view.items.some(({ entry }) => entry.kind === "resumed"));
    expect(takenOver.length).toBeGreaterThan(0);
    if (process.env.LODE_TEST_VERBOSE) {
      const interrupted = finished
        .flatMap((result) => result.toolCalls)
        .filter((call) => call.status !== "success");
      const discards = views
        .flatMap((view) => view.items)
        .filter(({ entry }) => entry.kind === "resumed" && entry.discardsAfter);
      console.log(
        `taken over: ${takenOver.length} runs; interrupted calls: ${interrupted.length}; discarding resumes: ${discards.length}`,
      );
    }
    // bedrock-local accepted every request it received: every history sent after a takeover was valid.
    // (A request a killed worker was still sending never arrived whole: it has no body and no answer.)
    const received = server.requests.filter((entry) => entry.body !== undefined);
    expect(received.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(server.requests.filter((entry) => entry.body === undefined && entry.status !== undefined)).toEqual(
      [],
    );
    expect(server.requests.length - received.length).toBeLessThanOrEqual(KILLS * 4);
  });
});
