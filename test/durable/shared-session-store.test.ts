/**
 * What @lode/durable's README says of sessions: a worker's agent needs a conversation store every worker
 * shares. A run paused for approval on one worker, and its decisions taken by another, show why.
 */
import { randomUUID } from "node:crypto";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { Agent, type ConversationStore } from "@lode/core";
import { RunQueue, startRunWorker } from "@lode/durable";
import { RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TWO_APPROVALS, tripTools } from "../approvals/support/trip-tools.js";
import { REDIS_URL } from "../memory/support/servers.js";

const prefix = `lode-test-durable-sessions-${randomUUID()}:`;
let server: BedrockLocal;
let client: BedrockRuntimeClient;
let queue: RunQueue;

beforeAll(async () => {
  server = await startBedrockLocal({
    script: { models: { "*": { turns: [TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }] } } },
  });
  client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  queue = new RunQueue({ url: REDIS_URL, prefix, attempts: 1 });
});
afterAll(async () => {
  await queue?.close();
  client?.destroy();
  await server?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/**
 * Pauses a run for approval on one worker, then queues the decisions with that worker gone and another
 * taking runs; each worker's agent gets its store from `storeOf` (undefined: the in-memory default).
 */
async function decideOnAnotherWorker(sessionId: string, storeOf: () => ConversationStore | undefined) {
  const trip = tripTools();
  const agents = () => {
    const store = storeOf();
    return {
      trips: new Agent({ modelId: "trip-model", client, tools: trip.tools, ...(store ? { store } : {}) }),
    };
  };
  const first = await startRunWorker({ url: REDIS_URL, prefix, agents: agents() });
  const paused = await queue.result(
    await queue.enqueue({ agent: "trips", input: "Book Oslo and Lima.", sessionId }),
  );
  await first.close();
  const second = await startRunWorker({ url: REDIS_URL, prefix, agents: agents() });
  try {
    const decisions = paused.pendingApprovals.map(({ toolUseId }) => ({
      toolUseId,
      approved: toolUseId === "tu_oslo",
    }));
    const [decided] = await Promise.allSettled([
      queue.result(await queue.enqueue({ agent: "trips", input: { decisions }, sessionId })),
    ]);
    return { paused, decided, booked: trip.booked };
  } finally {
    await second.close();
  }
}

describe("decisions queued for a run that paused on another worker", () => {
  test("find no waiting call when each worker's agent keeps the in-memory default store", async () => {
    const { paused, decided } = await decideOnAnotherWorker("own-stores", () => undefined);

    expect(paused.stopReason).toBe("awaiting_approval");
    expect(decided).toMatchObject({
      status: "rejected",
      reason: {
        code: "invalid-request",
        message: expect.stringContaining("No call tu_oslo waits for approval in session own-stores"),
      },
    });
  });

  test("finish the run when the workers' agents share a store", async () => {
    const shared = new RedisConversationStore({ url: REDIS_URL, keyPrefix: `${prefix}sessions:` });
    try {
      const { decided, booked } = await decideOnAnotherWorker("shared-store", () => shared);

      expect(decided).toMatchObject({
        status: "fulfilled",
        value: { text: "Oslo is booked; Lima was refused." },
      });
      expect(booked).toEqual([{ city: "Oslo", price: 250 }]);
    } finally {
      await shared.close();
    }
  });
});
