/**
 * Which HTTP transport serves Bedrock Runtime calls fastest: the raw SDK's ConverseStream and Converse,
 * one call at a time and 100 at once against a model that takes 50 ms, over cleartext and over TLS (an
 * HTTPS bedrock-local with its self-signed certificate, HTTP/2 chosen by ALPN). Lode's default transport
 * is chosen from these figures (packages/core/README.md, "Transport").
 *
 *   npx tsx bench/run-all.ts transport
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { benchCa, startBenchServer } from "./support/bench-server.js";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";
import { BENCH_MODEL_ID } from "./support/two-step-script.js";
import { HANDLERS } from "./transport/handlers.js";

const ANSWER = "It is 21 °C and sunny in Lisbon today, a fine day for a walk by the river.";
const SCRIPT = { models: { "*": { turns: [{ chunkSize: 8, text: ANSWER }] } } };
const SEQUENTIAL_CALLS = sized(200, 3);
const CONCURRENT_CALLS = sized(1000, 20);
const IN_FLIGHT = sized(100, 10);
const ROUNDS = sized(3, 1);
const messages = [{ role: "user" as const, content: [{ text: "What's the weather in Lisbon?" }] }];

type Operation = "ConverseStream" | "Converse";

async function call(client: BedrockRuntimeClient, operation: Operation): Promise<void> {
  if (operation === "Converse") {
    const response = await client.send(new ConverseCommand({ modelId: BENCH_MODEL_ID, messages }));
    if (response.output?.message?.content?.[0]?.text !== ANSWER) throw new Error("wrong Converse answer");
    return;
  }
  const response = await client.send(new ConverseStreamCommand({ modelId: BENCH_MODEL_ID, messages }));
  let text = "";
  for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? "";
  if (text !== ANSWER) throw new Error("wrong ConverseStream answer");
}

/** Milliseconds per call for `count` calls, `inFlight` at a time. */
async function msPerCall(
  client: BedrockRuntimeClient,
  operation: Operation,
  count: number,
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) await call(client, operation);
    }),
  );
  return (performance.now() - started) / count;
}

const servers = {
  cleartext: await startBenchServer(SCRIPT),
  "cleartext, 50 ms model": await startBenchServer(SCRIPT, { faults: [{ latencyMs: 50 }] }),
  TLS: await startBenchServer(SCRIPT, { tls: true }),
  "TLS, 50 ms model": await startBenchServer(SCRIPT, { tls: true, faults: [{ latencyMs: 50 }] }),
};

function clientsFor(url: string, tls: boolean): [string, BedrockRuntimeClient][] {
  return Object.entries(HANDLERS).map(([name, handler]) => [
    name,
    new BedrockRuntimeClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
      maxAttempts: 1,
      requestHandler: handler(tls ? benchCa() : undefined),
    }),
  ]);
}

/** One table: each handler's median ms per call over interleaved rounds, and its ratio to the SDK default. */
async function measure(title: string, url: string, tls: boolean, count: number, inFlight: number) {
  const clients = clientsFor(url, tls);
  for (const operation of ["ConverseStream", "Converse"] as const) {
    for (const [, client] of clients) await msPerCall(client, operation, Math.min(count, 100), inFlight);
    const samples = new Map<string, number[]>(clients.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so no handler always runs first (or last) in a round.
      const order = clients.map((_, index) => clients[(index + round) % clients.length]!);
      for (const [name, client] of order)
        samples.get(name)!.push(await msPerCall(client, operation, count, inFlight));
    }
    const baseline = median(samples.values().next().value ?? []);
    console.log(
      `\n${operation}, ${title}: ${count} calls, ${inFlight} in flight, median of ${ROUNDS} rounds`,
    );
    console.log("handler                                  | ms per call | ratio to SDK default");
    for (const [name, values] of samples) {
      const ms = median(values);
      console.log(`${name.padEnd(40)} | ${ms.toFixed(3).padStart(11)} | ${(ms / baseline).toFixed(2)}`);
    }
  }
  for (const [, client] of clients) client.destroy();
}

try {
  console.log(`Node ${process.version}; bedrock-local in a child process; one client per handler`);
  await measure("cleartext, one at a time", servers.cleartext.url, false, SEQUENTIAL_CALLS, 1);
  await measure(
    "cleartext, 50 ms model",
    servers["cleartext, 50 ms model"].url,
    false,
    CONCURRENT_CALLS,
    IN_FLIGHT,
  );
  await measure("TLS, one at a time", servers.TLS.url, true, SEQUENTIAL_CALLS, 1);
  await measure("TLS, 50 ms model", servers["TLS, 50 ms model"].url, true, CONCURRENT_CALLS, IN_FLIGHT);
} finally {
  await Promise.all(Object.values(servers).map((server) => server.close()));
}
