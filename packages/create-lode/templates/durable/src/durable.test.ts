import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { AgentEvent } from "@lode/core";
import { RunQueue, type RunWorker, startRunWorker } from "@lode/durable";
import { installLodeMatchers, useBedrock } from "@lode/testing/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgent, DEFAULT_MODEL_ID, QUESTION } from "./agent.js";
import { AGENT_NAME, checkRedis, REDIS_URL } from "./durable.js";

installLodeMatchers();
// Replays the agent's recorded Bedrock traffic: no AWS, the same answers every time. A request that no
// longer matches a recording (a changed prompt, tool or setting) fails, naming the difference.
const bedrock = useBedrock({ recordings: fileURLToPath(new URL("../recordings/", import.meta.url)) });
// Keys of this run only, removed afterwards: the tests share Redis with whatever else uses it.
const prefix = `lode-test-${randomUUID()}:`;
let worker: RunWorker;
let queue: RunQueue;

beforeAll(async () => {
  await checkRedis();
  const agent = createAgent({ modelId: DEFAULT_MODEL_ID, client: bedrock.fixture.client });
  worker = await startRunWorker({ url: REDIS_URL, prefix, agents: { [AGENT_NAME]: agent } });
  queue = new RunQueue({ url: REDIS_URL, prefix });
});

afterAll(async () => {
  await queue?.close();
  await worker?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

test("a worker runs the queued run: the weather, the conversion, then the answer", async () => {
  const runId = await queue.enqueue({ agent: AGENT_NAME, input: QUESTION });
  const result = await queue.result(runId);

  expect(result).toHaveToolTrajectory(
    [
      { name: "get_weather", input: { city: "Lisbon" } },
      { name: "convert_temperature", input: { celsius: 21 } },
    ],
    "strict",
  );
  expect(result).toHaveFinalText(/21 °C \(70 °F\)/);

  // Any process reads the run's events from Redis, in order, ending with the run's end.
  const events: AgentEvent[] = [];
  for await (const { entry } of queue.read(runId)) {
    if (entry.kind === "event") events.push(entry.event);
    if (entry.kind === "finished") {
      expect(entry.status).toBe("completed");
      break;
    }
  }
  expect(events.at(-1)?.type).toBe("run-end");
  expect(events).toHaveToolTrajectory([{ name: "get_weather" }, { name: "convert_temperature" }], "strict");
});
