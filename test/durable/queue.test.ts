import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { Agent } from "@lode/core";
import {
  pipeRunEventsToNodeResponse,
  RunQueue,
  type RunStreamItem,
  type RunWorker,
  startRunWorker,
} from "@lode/durable";
import { RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TWO_APPROVALS, tripTools } from "../approvals/support/trip-tools.js";
import { REDIS_URL } from "../memory/support/servers.js";
import { FIVE_STEP_SCRIPT, fiveStepAgent, ranKey } from "./support/five-step-job.js";

const prefix = `lode-test-durable-${randomUUID()}:`;
let server: BedrockLocal;
let queue: RunQueue;
let worker: RunWorker;
let job: ReturnType<typeof fiveStepAgent>;
let web: Server;
let webUrl: string;
const redis = new Redis(REDIS_URL);
const trip = tripTools();
const tripStore = new RedisConversationStore({ url: REDIS_URL, keyPrefix: `${prefix}trips:` });

beforeAll(async () => {
  const fiveSteps = FIVE_STEP_SCRIPT.models["*"];
  if (!fiveSteps) throw new Error("the five-step script has no model");
  server = await startBedrockLocal({
    script: {
      models: {
        "test-model": fiveSteps,
        "trip-model": { turns: [TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }] },
      },
    },
  });
  job = fiveStepAgent({ endpoint: server.url, redisUrl: REDIS_URL, prefix, stepMs: 20 });
  const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  const tripAgent = new Agent({ modelId: "trip-model", client, store: tripStore, tools: trip.tools });
  worker = await startRunWorker({
    url: REDIS_URL,
    prefix,
    agents: { "five-steps": job.agent, trips: tripAgent },
    concurrency: 4,
  });
  queue = new RunQueue({ url: REDIS_URL, prefix, backoffMs: 20 });
  // The web process's route: a run's events as SSE, going on after Last-Event-ID.
  web = createServer((request, response) => {
    const runId = decodeURIComponent(request.url?.split("/")[2] ?? "");
    void pipeRunEventsToNodeResponse(queue, runId, request, response);
  });
  web.listen(0, "127.0.0.1");
  await new Promise((resolve) => web.once("listening", resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});
afterAll(async () => {
  web?.close();
  await tripStore.close();
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

  test("over SSE, a client that reconnects with Last-Event-ID gets the rest: no gap, no duplicate", async () => {
    const runId = await queue.enqueue({ agent: "five-steps", input: "Record five steps." });
    const first = await sseIds(`${webUrl}/runs/${runId}/events`, {}, 6);
    const rest = await sseIds(`${webUrl}/runs/${runId}/events`, { "last-event-id": first.at(-1) ?? "" });
    const whole = (await queue.events.all(runId)).map((item) => item.id);

    expect(first).toHaveLength(6);
    expect([...first, ...rest]).toEqual(whole);
    expect(rest.length).toBeGreaterThan(0);
  });

  test("whose attempt fails is tried again after its backoff and goes on from its checkpoint", async () => {
    const runId = await queue.enqueue({ agent: "five-steps", input: "Record five steps." });
    // Once the run is under way, its next model call is refused.
    for await (const { entry } of queue.read(runId))
      if (entry.kind === "event" && entry.event.type === "tool-result") break;
    server.addFault({ error: { type: "AccessDeniedException" }, times: 1 });
    const result = await queue.result(runId);
    const entries = (await queue.events.all(runId)).map(({ entry }) => entry);

    expect(result.text).toBe("All five steps are recorded.");
    expect(entries.filter((entry) => entry.kind === "resumed")).toHaveLength(1);
    // The failed attempt's run-error is not streamed: the run did not end there.
    expect(entries.some((entry) => entry.kind === "event" && entry.event.type === "run-error")).toBe(false);
    expect(Object.values(await redis.hgetall(ranKey(prefix, runId)))).toEqual(["1", "1", "1", "1", "1"]);
  });

  test("that waits for approval ends there; the decision, queued later, finishes it on any worker", async () => {
    const sessionId = randomUUID();
    const paused = await queue.result(
      await queue.enqueue({ agent: "trips", input: "Book Oslo and Lima.", sessionId }),
    );
    expect(paused.stopReason).toBe("awaiting_approval");
    expect(trip.booked).toEqual([]);

    const decisions = paused.pendingApprovals.map(({ toolUseId }) => ({
      toolUseId,
      approved: toolUseId === "tu_oslo",
      ...(toolUseId === "tu_oslo" ? {} : { reason: "Too expensive." }),
    }));
    const resumed = await queue.result(
      await queue.enqueue({ agent: "trips", input: { decisions }, sessionId }),
    );

    expect(resumed.stopReason).toBe("end_turn");
    expect(resumed.text).toBe("Oslo is booked; Lima was refused.");
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
  });
});

describe("a run with a time limit", () => {
  test("that runs past it is aborted and fails with timeout, without another attempt", async () => {
    const limitedPrefix = `${prefix}limited:`;
    const slow = fiveStepAgent({
      endpoint: server.url,
      redisUrl: REDIS_URL,
      prefix: limitedPrefix,
      stepMs: 300,
    });
    const limited = await startRunWorker({
      url: REDIS_URL,
      prefix: limitedPrefix,
      agents: { "five-steps": slow.agent },
      runTimeoutMs: 200,
    });
    const limitedQueue = new RunQueue({ url: REDIS_URL, prefix: limitedPrefix, backoffMs: 20 });
    try {
      const runId = await limitedQueue.enqueue({ agent: "five-steps", input: "Record five steps." });
      const error = await limitedQueue.result(runId).then(
        () => undefined,
        (reason: unknown) => reason as { code: string; message: string },
      );
      const entries = (await limitedQueue.events.all(runId)).map(({ entry }) => entry);

      expect(error?.code).toBe("timeout");
      expect(error?.message).toContain("200 ms");
      expect(entries.some((entry) => entry.kind === "resumed")).toBe(false);
    } finally {
      await limited.close();
      await limitedQueue.close();
      await slow.close();
    }
  });
});

describe("a run queued with an empty session id", () => {
  test("is refused with invalid-config before anything is queued, as agent.run refuses it", async () => {
    const runId = randomUUID();
    const error = await queue.enqueue({ agent: "trips", input: "Book Oslo.", sessionId: "", runId }).then(
      () => undefined,
      (reason: unknown) => reason as { code: string; message: string },
    );

    expect(error?.code).toBe("invalid-config");
    expect(error?.message).toBe('sessionId must be a non-empty string, not string "".');
    expect(await redis.keys(`${prefix}*${runId}*`)).toEqual([]);
  });
});

/** The ids of an SSE stream's messages, reading `limit` of them (all when left out). */
async function sseIds(
  url: string,
  headers: Record<string, string>,
  limit = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const stop = new AbortController();
  const response = await fetch(url, { headers, signal: stop.signal });
  const ids: string[] = [];
  let text = "";
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      let end = text.indexOf("\n\n");
      while (end >= 0) {
        const id = /^id: (.+)$/m.exec(text.slice(0, end))?.[1];
        if (id) ids.push(id);
        text = text.slice(end + 2);
        if (ids.length >= limit) return ids;
        end = text.indexOf("\n\n");
      }
    }
  } finally {
    stop.abort();
  }
  return ids;
}
