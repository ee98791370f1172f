import { randomUUID } from "node:crypto";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { RunQueue, type RunWorker, startRunWorker } from "@lode/durable";
import { type Studio, startStudio, studio } from "@lode/studio";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIVE_STEP_SCRIPT, fiveStepAgent } from "../durable/support/five-step-job.js";
import { REDIS_URL } from "../memory/support/servers.js";

const prefix = `lode-test-studio-durable-${randomUUID()}:`;
let server: BedrockLocal;
let job: ReturnType<typeof fiveStepAgent>;
let worker: RunWorker;
let queue: RunQueue;
let lode: Studio;

beforeAll(async () => {
  server = await startBedrockLocal({ script: FIVE_STEP_SCRIPT });
  job = fiveStepAgent({ endpoint: server.url, redisUrl: REDIS_URL, prefix, stepMs: 5 });
  worker = await startRunWorker({ url: REDIS_URL, prefix, agents: { "five-steps": job.agent } });
  queue = new RunQueue({ url: REDIS_URL, prefix });
  lode = await startStudio();
});

afterAll(async () => {
  await lode?.close();
  await worker?.close();
  await queue?.close();
  await job?.close();
  await server?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("a durable run in the studio", () => {
  test("appears from its event stream, read in a process other than its worker's", async () => {
    const runId = await queue.enqueue({ agent: "five-steps", input: "Record five steps." });
    const reporter = studio({ url: lode.url });
    const [result] = await Promise.all([queue.result(runId), reporter.follow(queue.read(runId))]);
    await reporter.flush();

    const run = lode.store.get(runId);
    expect(run).toMatchObject({ id: runId, status: "done", stopReason: "end_turn", toolCalls: 5 });
    expect(run?.steps.map((step) => step.answer?.stopReason)).toEqual([
      ...Array(5).fill("tool_use"),
      "end_turn",
    ]);
    expect(run?.calls.map((call) => [call.toolName, call.status])).toEqual(
      Array(5).fill(["record_step", "success"]),
    );
    expect(run?.usage.totalTokens).toBe(result.usage.totalTokens);
    expect(run?.text).toBe("All five steps are recorded.");
  });
});
