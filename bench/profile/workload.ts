/**
 * What the profile watches: Lode's `agent.run` on the two-step tool job, 100 runs in flight against a
 * bedrock-local child whose model takes 50 ms (`PROFILE_IN_FLIGHT=1`: one at a time, answered at once), with
 * Lode's default transport. 500 warm-up runs, then the measured ones: the profile covers both, and startup is
 * a small part of it.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { PEERS_SCRIPT, WEATHER_TASK } from "../peers/job.js";
import { LODE, LODE_PLAIN_CLIENT } from "../peers/lode.js";
import { RAW_SDK_DEFAULT, RAW_SDK_KEEP_ALIVE } from "../peers/raw-sdk.js";
import { createBenchClient, startBenchServer } from "../support/bench-server.js";
import { rawSdkLoop } from "../support/raw-sdk-loop.js";
import { BENCH_MODEL_ID, BENCH_PROMPT, TWO_STEP_SCRIPT, weatherFor } from "../support/two-step-script.js";

const RUNS = Number(process.env.PROFILE_RUNS ?? 3000);
/**
 * `raw` profiles the hand-written SDK loop on a keep-alive client instead, to compare against; `lode-plain`
 * profiles Lode handed a plain `BedrockRuntimeClient` (the SDK's defaults: a new HTTP/2 session per call), and
 * `raw-default` the raw loop on the same: what Lode adds on the same transport.
 */
const RUNNER =
  (["raw", "lode-plain", "raw-default"] as const).find((name) => name === process.env.PROFILE_RUNNER) ??
  "lode";
/** `PROFILE_IN_FLIGHT=1` profiles runs one at a time, with a model that answers at once. */
const IN_FLIGHT = Number(process.env.PROFILE_IN_FLIGHT ?? 100);

/** `peers` profiles bench/peers' job (two parallel tool calls) through its runners instead. */
const PEERS_JOB = process.env.PROFILE_JOB === "peers";
const server = await startBenchServer(PEERS_JOB ? PEERS_SCRIPT : TWO_STEP_SCRIPT, {
  faults: [{ latencyMs: IN_FLIGHT === 1 ? 0 : 50 }],
});
const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => weatherFor(city),
});
const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
const plainClient = new BedrockRuntimeClient({ endpoint: server.url, region: "us-east-1", credentials });
const rawClient = RUNNER === "raw-default" ? plainClient : createBenchClient(server.url);
const agent = new Agent({
  modelId: BENCH_MODEL_ID,
  tools: [weather],
  ...(RUNNER === "lode-plain"
    ? { client: plainClient }
    : { clientConfig: { endpoint: server.url, region: "us-east-1", credentials } }),
});

// The peers job through the peers bench's own runner of the same configuration.
const PEER_OF = {
  raw: RAW_SDK_KEEP_ALIVE,
  "raw-default": RAW_SDK_DEFAULT,
  lode: LODE,
  "lode-plain": LODE_PLAIN_CLIENT,
};
const peer = PEER_OF[RUNNER].create(server.url);
const job = PEERS_JOB
  ? () => peer.run(WEATHER_TASK)
  : RUNNER === "raw" || RUNNER === "raw-default"
    ? () => rawSdkLoop(rawClient, BENCH_PROMPT)
    : () => agent.run(BENCH_PROMPT);

async function runMany(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < count) await job();
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
