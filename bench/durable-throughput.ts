/**
 * Durable runs through the queue: runs per second with 1, 2 and 4 worker processes (each taking 8 runs at
 * once) against bedrock-local, for a two-step job (a tool call, then an answer), every step checkpointed
 * in Redis and every event streamed; then what a checkpoint costs per step (ms and bytes) as a
 * conversation grows. Needs the Redis every machine of this project runs (127.0.0.1:6379).
 *
 * Run: npx tsx bench/run-all.ts durable-throughput
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type RunCheckpoint } from "@lode/core";
import { RedisCheckpoints, RunKeys, RunQueue, startRunWorker } from "@lode/durable";
import { defineTool } from "@lode/tools";
import { Redis } from "ioredis";
import { z } from "zod";
import { startBenchServer } from "./support/bench-server.js";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";
import { TWO_STEP_SCRIPT } from "./support/two-step-script.js";

const REDIS_URL = process.env.LODE_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const RUNS = sized(200, 8);
const WARM_UP_RUNS = sized(16, 2);
/** Saves timed per conversation length in the checkpoint table. */
const SAVES = sized(200, 3);

if (process.argv[2] === "worker") await workerProcess(process.argv[3] ?? "", process.argv[4] ?? "");
else await main();

/** A worker process: the two-step agent, eight runs at once, until its parent kills it. */
async function workerProcess(endpoint: string, prefix: string): Promise<void> {
  const client = new BedrockRuntimeClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    maxAttempts: 1,
  });
  const weather = defineTool({
    name: "get_weather",
    description: "The weather in a city.",
    input: z.object({ city: z.string() }),
    run: ({ city }) => ({ city, tempC: 21, sky: "sunny" }),
  });
  await startRunWorker({
    url: REDIS_URL,
    prefix,
    concurrency: 8,
    agents: { weather: new Agent({ modelId: "m", client, tools: [weather] }) },
  });
  process.send?.("ready");
}

async function main(): Promise<void> {
  const server = await startBenchServer(TWO_STEP_SCRIPT);
  const redis = new Redis(REDIS_URL);
  try {
    console.log(`Runs per second through the queue, ${RUNS} two-step runs, bedrock-local ${server.kind}`);
    for (const count of [1, 2, 4]) {
      const prefix = `lode-bench-${randomUUID()}:`;
      const workers = await Promise.all(Array.from({ length: count }, () => startWorker(server.url, prefix)));
      const queue = new RunQueue({ url: REDIS_URL, prefix });
      try {
        await runThrough(queue, WARM_UP_RUNS); // warm-up: connections, JIT
        const started = performance.now();
        await runThrough(queue, RUNS);
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `${String(count).padStart(2)} worker(s)  ${(RUNS / seconds).toFixed(1).padStart(7)} runs/s`,
        );
      } finally {
        await queue.close();
        for (const worker of workers) worker.kill("SIGKILL");
        await deleteKeys(redis, prefix);
      }
    }
    await checkpointCost(redis);
  } finally {
    redis.disconnect();
    await server.close();
  }
}

async function startWorker(endpoint: string, prefix: string): Promise<ChildProcess> {
  const child = fork(process.argv[1] ?? "", ["worker", endpoint, prefix], { stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`a worker exited with ${code}`)));
  });
  return child;
}

async function runThrough(queue: RunQueue, runs: number): Promise<void> {
  const ids = await Promise.all(
    Array.from({ length: runs }, () => queue.enqueue({ agent: "weather", input: "Weather in Lisbon?" })),
  );
  await Promise.all(ids.map((runId) => queue.result(runId)));
}

/** The cost of saving a step's checkpoint, for conversations of growing length. */
async function checkpointCost(redis: Redis): Promise<void> {
  const prefix = `lode-bench-${randomUUID()}:`;
  const checkpoints = new RedisCheckpoints(redis, new RunKeys(prefix));
  console.log(`\nA checkpoint per step: median ms of ${SAVES} saves, and its size`);
  for (const steps of [1, 5, 20, 50]) {
    const checkpoint = checkpointOf(steps);
    const times: number[] = [];
    for (let round = 0; round < SAVES; round++) {
      const started = performance.now();
      await checkpoints.save(checkpoint);
      times.push(performance.now() - started);
    }
    const bytes = (await redis.strlen(`${prefix}run:${checkpoint.runId}:checkpoint`)) as number;
    const callTimes: number[] = [];
    for (let round = 0; round < SAVES; round++) {
      const started = performance.now();
      await checkpoints.callAnswered(checkpoint.runId, {
        toolUseId: `tu_${round}`,
        status: "success",
        content: [{ json: { city: "Lisbon", tempC: 21, sky: "sunny" } }],
        durationMs: 1,
      });
      callTimes.push(performance.now() - started);
    }
    console.log(
      `after ${String(steps).padStart(2)} steps  save ${median(times).toFixed(3)} ms  ${(bytes / 1024).toFixed(1).padStart(6)} KiB` +
        `   a call's answer ${median(callTimes).toFixed(3)} ms`,
    );
  }
  await deleteKeys(redis, prefix);
}

/** A checkpoint after `steps` tool steps of a weather conversation. */
function checkpointOf(steps: number): RunCheckpoint {
  const usage = {
    inputTokens: 400,
    outputTokens: 40,
    totalTokens: 440,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    latencyMs: 300,
  };
  const messages: RunCheckpoint["messages"] = [{ role: "user", content: [{ text: "Weather in Lisbon?" }] }];
  const records: RunCheckpoint["steps"] = [];
  for (let step = 1; step <= steps; step++) {
    const message = {
      role: "assistant" as const,
      content: [
        { text: "Let me look that up for you, one moment." },
        { toolUse: { toolUseId: `tu_${step}`, name: "get_weather", input: { city: "Lisbon" } } },
      ],
    };
    messages.push(message, {
      role: "user",
      content: [
        {
          toolResult: {
            toolUseId: `tu_${step}`,
            status: "success",
            content: [{ json: { city: "Lisbon", tempC: 21 } }],
          },
        },
      ],
    });
    records.push({
      step,
      message,
      stopReason: "tool_use",
      usage,
      toolCalls: [],
      agentPath: ["agent"],
      retries: 0,
      cost: undefined,
    });
  }
  return {
    version: 1,
    runId: randomUUID(),
    sessionId: undefined,
    messages,
    steps: records,
    failedOutputs: 0,
    forceOutputTool: false,
    phase: { kind: "between-steps" },
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}
