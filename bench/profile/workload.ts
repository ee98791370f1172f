/**
 * What the profile watches: Lode's `agent.run` on the two-step tool job, 100 runs in flight against a
 * bedrock-local child whose model takes 50 ms, with Lode's default transport. 500 warm-up runs, then the
 * measured ones: the profile covers both, and startup is a small part of it.
 */
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { startBenchServer } from "../support/bench-server.js";
import { BENCH_MODEL_ID, BENCH_PROMPT, TWO_STEP_SCRIPT, weatherFor } from "../support/two-step-script.js";

const RUNS = Number(process.env.PROFILE_RUNS ?? 3000);
const IN_FLIGHT = 100;

const server = await startBenchServer(TWO_STEP_SCRIPT, { faults: [{ latencyMs: 50 }] });
const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => weatherFor(city),
});
const agent = new Agent({
  modelId: BENCH_MODEL_ID,
  tools: [weather],
  clientConfig: {
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  },
});

async function runMany(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < count) await agent.run(BENCH_PROMPT);
    }),
  );
}

try {
  await runMany(500);
  const started = performance.now();
  await runMany(RUNS);
  console.log(
    `${RUNS} runs, ${IN_FLIGHT} in flight: ${((performance.now() - started) / RUNS).toFixed(3)} ms a run`,
  );
} finally {
  await server.close();
}
