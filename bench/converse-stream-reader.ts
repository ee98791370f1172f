/**
 * What reading a ConverseStream answer costs the client: the SDK's own deserializer against the reader Lode
 * puts in its place (packages/core/src/transport/stream-events), on recorded Bedrock answers replayed from
 * memory (no network, no server), so the figure is the client's reading alone, steady to a few percent.
 * Each call sends the request (serialising, signing: the same for both) and reads every event. CPU µs per
 * call and events per CPU second, the median of rounds, both readers interleaved in one process.
 *
 * Run: npx tsx bench/run-all.ts converse-stream-reader
 */
import { existsSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { readConverseStreamFast } from "../packages/core/src/transport/stream-events/fast-converse-stream.js";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";

/** The recordings beside the repository, seen from bench/ (tsx) or from bench/.bench-out/ (the bundle run-all makes). */
const RECORDINGS = ["../../shared/", "../../../shared/"]
  .map((up) => new URL(`${up}fixtures/bedrock-recordings/`, import.meta.url))
  .find((folder) => existsSync(folder));
if (!RECORDINGS)
  throw new Error(
    "The Bedrock recordings (../shared/fixtures/bedrock-recordings) are not beside the repository.",
  );
const ANSWERS = [
  "converse-stream.tool-use.parallel.nova-micro.json",
  "converse-stream.text.llama3-2-1b.json",
  "converse-stream.reasoning.signature.claude-sonnet-4.json",
];
const CALLS = sized(1_000, 20);
const WARM = sized(300, 5);
const ROUNDS = sized(3, 1);

interface Recorded {
  status: number;
  headers: Record<string, string>;
  eventstreamBase64: string;
}

function clientReplaying(answer: Recorded, lodeReader: boolean): BedrockRuntimeClient {
  const body = new Uint8Array(Buffer.from(answer.eventstreamBase64, "base64"));
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: answer.status,
          headers: { ...answer.headers },
          body: Readable.from([body]),
        } as never,
      }),
    },
  });
  if (lodeReader) readConverseStreamFast(client);
  return client;
}

const input = { modelId: "bench", messages: [{ role: "user" as const, content: [{ text: "hi" }] }] };

/** CPU µs per call and the events each call read. */
async function measure(
  client: BedrockRuntimeClient,
  calls: number,
): Promise<{ cpuUs: number; events: number }> {
  const cpu = process.cpuUsage();
  let events = 0;
  for (let call = 0; call < calls; call++) {
    const output = await client.send(new ConverseStreamCommand(input));
    for await (const _event of output.stream ?? []) events++;
  }
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / calls, events: events / calls };
}

console.log(
  "Reading a recorded ConverseStream answer: CPU per call, median of rounds (replayed from memory)",
);
console.log(
  "answer                                     | events | SDK µs | Lode µs | Lode/SDK | SDK events/s | Lode events/s",
);
for (const file of ANSWERS) {
  const recording = JSON.parse(readFileSync(new URL(file, RECORDINGS), "utf8"));
  const answer = recording.interactions[0].response as Recorded;
  const sdk = clientReplaying(answer, false);
  const lode = clientReplaying(answer, true);
  await measure(sdk, WARM);
  await measure(lode, WARM);
  const sdkUs: number[] = [];
  const lodeUs: number[] = [];
  let events = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const a = await measure(sdk, CALLS);
    const b = await measure(lode, CALLS);
    sdkUs.push(a.cpuUs);
    lodeUs.push(b.cpuUs);
    events = a.events;
  }
  const [s, l] = [median(sdkUs), median(lodeUs)];
  const perSecond = (us: number) => Math.round((events / us) * 1e6);
  console.log(
    `${file.replace(/^converse-stream\.|\.json$/g, "").padEnd(42)} | ${String(events).padStart(6)} | ${s.toFixed(0).padStart(6)} | ${l.toFixed(0).padStart(7)} | ${(l / s).toFixed(2).padStart(8)} | ${String(perSecond(s)).padStart(12)} | ${String(perSecond(l)).padStart(13)}`,
  );
}
