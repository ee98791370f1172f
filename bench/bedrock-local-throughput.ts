/**
 * How fast the real SDK gets answers from bedrock-local: Converse requests per second, ConverseStream
 * events per second and InvokeModelWithResponseStream chunks per second (a Claude Messages body), for the SDK's default HTTP/2 handler and for NodeHttpHandler with a keep-alive
 * agent, one call at a time and 50 at once. The server runs as a child process (the CLI), so its CPU
 * time can be read apart from the client's, from /proc/<pid>/stat.
 *
 * Run: npx tsx bench/bedrock-local-throughput.ts
 * (BENCH_SERVER_BIN=path/to/cli.js runs another build of the server, e.g. a compiled one.)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { repoPath } from "./support/repo-path.js";
import { sized } from "./support/smoke.js";
import { percentile } from "./support/stats.js";

/** The CLI to start; BENCH_SERVER_BIN points at another (a built copy, say) to compare. */
const BIN = process.env.BENCH_SERVER_BIN ?? repoPath("packages/bedrock-local/bin/lode-bedrock-local.js");
const MODEL_ID = "bench-model";
/** 56 text deltas of 12 characters, plus messageStart, contentBlockStop, messageStop and metadata: 60 events. */
const ANSWER = "The quick brown fox jumps over the lazy dog. ".repeat(20).slice(0, 56 * 12);
const EXPECTED_STREAM_EVENTS = 60;
/**
 * Claude's stream of the same answer: message_start, content_block_start, 56 deltas, content_block_stop,
 * message_delta, message_stop.
 */
const EXPECTED_INVOKE_CHUNKS = 61;
/** The script serves any model id; an `anthropic.` one makes InvokeModel read and answer Claude's format. */
const CLAUDE_MODEL_ID = "anthropic.claude-bench-v1:0";
/** Each measurement stops at whichever comes first. */
const MAX_REQUESTS = sized(4000, 60);
const MAX_MILLISECONDS = sized(2000, 100);
const WARMUP_REQUESTS = sized(30, 2);

type Operation = "Converse" | "ConverseStream" | "InvokeModelWithResponseStream";
const OPERATIONS: Operation[] = ["Converse", "ConverseStream", "InvokeModelWithResponseStream"];

interface Measurement {
  transport: string;
  operation: Operation;
  concurrency: number;
  requests: number;
  events: number;
  wallMs: number;
  latenciesMs: number[];
  clientCpuMs: number;
  serverCpuMs: number | undefined;
}

const TRANSPORTS: { name: string; config: () => Partial<BedrockRuntimeClientConfig> }[] = [
  { name: "HTTP/2 (SDK default)", config: () => ({}) },
  {
    name: "HTTP/1.1 keep-alive",
    config: () => ({
      requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }) }),
    }),
  },
];

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "bedrock-local-bench-"));
  const script = path.join(folder, "bench.script.json");
  const answer = { turns: [{ text: ANSWER }] };
  await writeFile(script, JSON.stringify({ models: { [MODEL_ID]: answer, [CLAUDE_MODEL_ID]: answer } }));
  const { child, url, stderr } = await startServer(script);
  const results: Measurement[] = [];
  try {
    for (const transport of TRANSPORTS) {
      for (const operation of OPERATIONS) {
        for (const concurrency of [1, 50]) {
          const client = new BedrockRuntimeClient({
            endpoint: url,
            region: "us-east-1",
            credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
            maxAttempts: 1,
            ...transport.config(),
          });
          results.push(await measure(client, transport.name, operation, concurrency, child.pid));
          client.destroy();
        }
      }
    }
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
    await rm(folder, { recursive: true, force: true });
  }
  printTable(results);
  const warnings = [...new Set(stderr.join("").split("\n"))].filter((line) => /warning/i.test(line));
  if (warnings.length) console.log(`\nThe server warned (each shown once):\n${warnings.join("\n")}`);
}

/** Starts the CLI; its stderr is kept aside so warnings do not bury the table. */
async function startServer(script: string): Promise<{ child: ChildProcess; url: string; stderr: string[] }> {
  const child = spawn(process.execPath, [BIN, "--port", "0", "--script", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  const url = /listening on (\S+)$/.exec(line)?.[1];
  if (!url) throw new Error(`bedrock-local did not start: ${line}\n${stderr.join("")}`);
  return { child, url, stderr };
}

async function measure(
  client: BedrockRuntimeClient,
  transport: string,
  operation: Operation,
  concurrency: number,
  serverPid: number | undefined,
): Promise<Measurement> {
  const calls: Record<Operation, () => Promise<number>> = {
    Converse: () => converse(client),
    ConverseStream: () => converseStream(client),
    InvokeModelWithResponseStream: () => invokeStream(client),
  };
  const call = calls[operation];
  for (let index = 0; index < WARMUP_REQUESTS; index++) await call();

  const latenciesMs: number[] = [];
  let started = 0;
  let events = 0;
  const serverBefore = serverCpuMs(serverPid);
  const clientBefore = process.cpuUsage();
  const startedAt = performance.now();
  const worker = async () => {
    while (started < MAX_REQUESTS && performance.now() - startedAt < MAX_MILLISECONDS) {
      started++;
      const callStartedAt = performance.now();
      // Await first: `events += await call()` would read `events` before the await and lose updates.
      const received = await call();
      events += received;
      latenciesMs.push(performance.now() - callStartedAt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - startedAt;
  const clientCpu = process.cpuUsage(clientBefore);
  const serverAfter = serverCpuMs(serverPid);
  return {
    transport,
    operation,
    concurrency,
    requests: latenciesMs.length,
    events,
    wallMs,
    latenciesMs,
    clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
    serverCpuMs:
      serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore,
  };
}

async function converse(client: BedrockRuntimeClient): Promise<number> {
  const response = await client.send(new ConverseCommand({ modelId: MODEL_ID, messages: MESSAGES }));
  if (response.stopReason !== "end_turn") throw new Error(`unexpected stop reason ${response.stopReason}`);
  return 0;
}

async function converseStream(client: BedrockRuntimeClient): Promise<number> {
  const response = await client.send(new ConverseStreamCommand({ modelId: MODEL_ID, messages: MESSAGES }));
  let events = 0;
  for await (const _event of response.stream ?? []) events++;
  if (events !== EXPECTED_STREAM_EVENTS)
    throw new Error(`expected ${EXPECTED_STREAM_EVENTS} events, got ${events}`);
  return events;
}

const CLAUDE_BODY = JSON.stringify({
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 1024,
  messages: [{ role: "user", content: "Tell me about foxes." }],
});

async function invokeStream(client: BedrockRuntimeClient): Promise<number> {
  const response = await client.send(
    new InvokeModelWithResponseStreamCommand({
      modelId: CLAUDE_MODEL_ID,
      contentType: "application/json",
      body: CLAUDE_BODY,
    }),
  );
  let chunks = 0;
  for await (const event of response.body ?? []) if (event.chunk) chunks++;
  if (chunks !== EXPECTED_INVOKE_CHUNKS)
    throw new Error(`expected ${EXPECTED_INVOKE_CHUNKS} chunks, got ${chunks}`);
  return chunks;
}

const MESSAGES = [{ role: "user" as const, content: [{ text: "Tell me about foxes." }] }];

/** CPU time (user + system) the server process has used, from /proc; undefined where there is no /proc. */
function serverCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function printTable(results: Measurement[]): void {
  const rows = results.map((result) => {
    const seconds = result.wallMs / 1000;
    const serverCpu = result.serverCpuMs;
    return {
      transport: result.transport,
      operation: result.operation,
      concurrency: String(result.concurrency),
      requests: String(result.requests),
      "req/s": (result.requests / seconds).toFixed(0),
      "events/s": result.events ? (result.events / seconds).toFixed(0) : "-",
      "p50 ms": percentile(result.latenciesMs, 0.5).toFixed(2),
      "p99 ms": percentile(result.latenciesMs, 0.99).toFixed(2),
      "client CPU": `${((result.clientCpuMs / result.wallMs) * 100).toFixed(0)}%`,
      "server CPU": serverCpu === undefined ? "n/a" : `${((serverCpu / result.wallMs) * 100).toFixed(0)}%`,
      "server ms/req": serverCpu === undefined ? "n/a" : (serverCpu / result.requests).toFixed(3),
      "server share":
        serverCpu === undefined
          ? "n/a"
          : `${((serverCpu / (serverCpu + result.clientCpuMs)) * 100).toFixed(0)}%`,
    };
  });
  const columns = Object.keys(rows[0] ?? {}) as (keyof (typeof rows)[number])[];
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (index < 2 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)))
      .join("  ");
  console.log(
    `bedrock-local throughput (Node ${process.version}, ${os.availableParallelism()} CPUs, ` +
      `≤${MAX_REQUESTS} requests or ${MAX_MILLISECONDS} ms per row, ${EXPECTED_STREAM_EVENTS} events per stream)`,
  );
  console.log("CPU columns are % of one core over the row's wall time; share = server / (server + client).");
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((column) => row[column])));
}

await main();
