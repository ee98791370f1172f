/**
 * Issue 31's question, on the SDK's default handler (a new HTTP/2 session per call): does Lode's model call
 * end its streams differently from the raw loop? N two-step runs against a bedrock-local child, CPU per run
 * (process.cpuUsage over the measured runs). `H2_MODE=raw|lode|raw-signal|raw-mw|raw-reader` (raw variants
 * combine: `raw-signal-mw-reader`; see h2-raw-variants.ts), or as users make each: `lode-own` (Lode on its own
 * transport, no client handed in) and `raw-keepalive` (the raw loop on HTTP/1.1 keep-alive); `standin` (Lode on
 * an in-process stand-in client: its own work alone) and `raw+standin` (a raw run, then a stand-in one: Lode's
 * own work beside the SDK's, which is what `lode` costs over `raw`). `H2_RUNS`, `H2_WARM`, `H2_IN_FLIGHT`,
 * `H2_LATENCY` (ms the model takes). `H2_COUNT=1` counts sessions, streams, how each stream closed (RST code,
 * whether it ended), GOAWAYs and errors; `H2_DUMP=1` prints the first two requests' headers and bodies.
 * Run from bench/: `H2_MODE=lode H2_COUNT=1 npx tsx profile/h2-teardown.ts`.
 */
import { Agent as HttpAgent } from "node:http";
import http2 from "node:http2";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { z } from "zod";
import { startBenchServer } from "../support/bench-server.js";
import { rawSdkLoop } from "../support/raw-sdk-loop.js";
import { standInClient, TEXT_TURN, TOOL_TURN } from "../support/stand-in-client.js";
import { BENCH_MODEL_ID, BENCH_PROMPT, TWO_STEP_SCRIPT, weatherFor } from "../support/two-step-script.js";
import { rawLodeLike } from "./h2-raw-variants.js";

const counts: Record<string, number> = {};
const bump = (key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};
const COUNT = process.env.H2_COUNT === "1";
if (COUNT) {
  const connect = http2.connect;
  // biome-ignore lint/suspicious/noExplicitAny: instrumentation
  (http2 as any).connect = (...args: any[]) => {
    // biome-ignore lint/suspicious/noExplicitAny: instrumentation
    const session = (connect as any)(...args) as http2.ClientHttp2Session;
    bump("session");
    session.on("close", () => bump("session close"));
    session.on("goaway", (code) => bump(`goaway recv ${code}`));
    session.on("frameError", (type, code) => bump(`frameError ${type}/${code}`));
    session.on("error", (e) => bump(`session error ${e.code ?? e.message}`));
    session.on("stream", () => bump("pushed stream"));
    const request = session.request.bind(session);
    session.request = (...rargs: Parameters<typeof request>) => {
      const stream = request(...rargs);
      bump("stream");
      const t = { end: false };
      stream.on("end", () => {
        t.end = true;
      });
      stream.on("close", () =>
        bump(`stream close rst=${stream.rstCode} ended=${t.end} sessionDestroyed=${session.destroyed}`),
      );
      stream.on("aborted", () => bump("stream aborted"));
      stream.on("error", (e) => bump(`stream error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      return stream;
    };
    return session;
  };
}

const MODE = process.env.H2_MODE ?? "raw";
const RUNS = Number(process.env.H2_RUNS ?? 2000);
const IN_FLIGHT = Number(process.env.H2_IN_FLIGHT ?? 100);
const server = await startBenchServer(TWO_STEP_SCRIPT, {
  faults: [{ latencyMs: Number(process.env.H2_LATENCY ?? 50) }],
});
const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
const client = new BedrockRuntimeClient({ endpoint: server.url, region: "us-east-1", credentials });
if (process.env.H2_DUMP === "1") {
  let dumped = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      // biome-ignore lint/suspicious/noExplicitAny: instrumentation
      const request = args.request as any;
      if (dumped++ < 2) console.error(MODE, JSON.stringify(request.headers), String(request.body));
      return next(args);
    },
    { step: "finalizeRequest", name: "dump", priority: "low" },
  );
}
const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => weatherFor(city),
});
const agent = new Agent({ modelId: BENCH_MODEL_ID, tools: [weather], client });
// As users make each: Lode with no client (its own transport), the raw loop on HTTP/1.1 keep-alive.
const lodeOwn = new Agent({
  modelId: BENCH_MODEL_ID,
  tools: [weather],
  clientConfig: { endpoint: server.url, region: "us-east-1", credentials },
});
const keepAliveClient = new BedrockRuntimeClient({
  endpoint: server.url,
  region: "us-east-1",
  credentials,
  requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }) }),
});
const standIn = new Agent({
  modelId: BENCH_MODEL_ID,
  tools: [weather],
  client: standInClient([TOOL_TURN, TEXT_TURN]),
});
const JOBS: Record<string, () => Promise<unknown>> = {
  standin: () => standIn.run(BENCH_PROMPT),
  "raw+standin": async () => {
    await rawSdkLoop(client, BENCH_PROMPT);
    await standIn.run(BENCH_PROMPT);
  },
  lode: () => agent.run(BENCH_PROMPT),
  "lode-own": () => lodeOwn.run(BENCH_PROMPT),
  raw: () => rawSdkLoop(client, BENCH_PROMPT),
  "raw-keepalive": () => rawSdkLoop(keepAliveClient, BENCH_PROMPT),
};
const job = JOBS[MODE] ?? (() => rawLodeLike(client, MODE));

async function runMany(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < count) await job();
    }),
  );
}
try {
  await runMany(Number(process.env.H2_WARM ?? 300));
  for (const key of Object.keys(counts)) delete counts[key];
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runMany(RUNS);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  await new Promise((r) => setTimeout(r, 200));
  console.log(
    JSON.stringify({
      mode: MODE,
      runs: RUNS,
      inFlight: IN_FLIGHT,
      cpuUsPerRun: Math.round((used.user + used.system) / RUNS),
      userUsPerRun: Math.round(used.user / RUNS),
      systemUsPerRun: Math.round(used.system / RUNS),
      wallMsPerRun: +(wall / RUNS).toFixed(3),
      ...(COUNT ? { counts } : {}),
    }),
  );
} finally {
  keepAliveClient.destroy();
  await server.close();
}
