/** The bench's output: what each runner sent, three tables of figures, and the legend that says what they mean. */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { repoPath } from "../support/repo-path.js";
import { BIG_TOOL_INPUT_BYTES, MANY_EVENTS_TASK, type PeerDefinition } from "./job.js";
import type { PeerResults } from "./peer-results.js";
import { fixed, formatTable, ratio } from "./print-table.js";
import type { Settings } from "./settings.js";
import { printSummary } from "./summary.js";

function versionOf(packagePath: string): string {
  return (JSON.parse(readFileSync(repoPath(`${packagePath}/package.json`), "utf8")) as { version: string })
    .version;
}

export function printReport(
  peers: readonly PeerDefinition[],
  results: PeerResults,
  settings: Settings,
): void {
  const name = (index: number) => `${index + 1}. ${peers[index]?.label}`;
  const rows = <T>(cells: (index: number) => T[]) =>
    peers.map((_, index) => [name(index), ...cells(index)].map(String));
  const { sequential, concurrent, bigInput } = results;
  const seq0 = sequential.get(0)?.wallMs;
  const con0 = concurrent.get(0);

  console.log("\nWhat one weather job sent (an in-process bedrock-local's request log)\n");
  console.log(
    formatTable(
      ["runner", "requests", "operation", "HTTP", "errors answered"],
      rows((index) => {
        const sent = results.requests[index];
        return [sent?.requests ?? "", sent?.operations ?? "", sent?.httpVersions ?? "", sent?.errors ?? ""];
      }),
    ),
  );

  const inFlight = settings.concurrent.concurrency;
  console.log("\nTable 1: time per job as a ratio to runner 1 (lower is faster)\n");
  console.log(
    formatTable(
      ["runner", "sequential", `${inFlight} concurrent, ${settings.latencyMs} ms model latency`],
      rows((index) => [
        ratio(sequential.get(index)?.wallMs, seq0),
        ratio(concurrent.get(index)?.wallMs, con0?.wallMs),
      ]),
    ),
  );

  const floor = (2 * settings.latencyMs) / inFlight;
  console.log(
    `\nTable 2: per job, absolute (latency floor when concurrent: 2 model calls × ${settings.latencyMs} ms / ${inFlight} in flight = ${floor.toFixed(2)} ms)\n`,
  );
  console.log(
    formatTable(
      [
        "runner",
        "seq ms",
        "seq conns",
        "concurrent ms",
        "concurrent CPU ms",
        "CPU / runner 1",
        "concurrent conns",
      ],
      rows((index) => {
        const seq = sequential.get(index);
        const con = concurrent.get(index);
        return [
          fixed(seq?.wallMs, 2),
          fixed(seq?.connections, 2),
          fixed(con?.wallMs, 2),
          fixed(con?.cpuMs, 2),
          ratio(con?.cpuMs, con0?.cpuMs),
          fixed(con?.connections, 2),
        ];
      }),
    ),
  );

  const cap = `> ${settings.bigInput.capMs / 1000} s`;
  console.log("\nTable 3: streaming, memory and a large tool input\n");
  console.log(
    formatTable(
      [
        "runner",
        "first text delta ms",
        "text deltas/s",
        "deltas surfaced",
        "KB per idle session",
        "KB per run in flight",
        "200 KB tool input ms",
      ],
      rows((index) => {
        const rate = results.events.get(index);
        const big = bigInput.get(index);
        const variantOf = peers[index]?.transportVariantOf;
        const kb = results.kbPerSession.get(index);
        return [
          fixed(results.firstDelta.get(index), 2),
          fixed(rate?.perSecond, 0),
          rate ? rate.deltas : "n/a",
          kb !== undefined ? kb.toFixed(1) : variantOf ? `as ${peers.indexOf(variantOf) + 1}` : "n/a",
          results.kbPerRunInFlight.get(index)?.toFixed(1) ??
            (variantOf ? `as ${peers.indexOf(variantOf) + 1}` : "n/a"),
          peers[index]?.streamOnly
            ? `as ${variantOf ? peers.indexOf(variantOf) + 1 : "n/a"}`
            : big?.medianMs === undefined
              ? cap
              : `${big.medianMs.toFixed(1)}${big.finished < settings.bigInput.rounds ? ` (${big.finished} of ${settings.bigInput.rounds}, then ${cap})` : ""}`,
        ];
      }),
    ),
  );

  const versions = [
    ["@lode/core", "packages/core"],
    ["@aws-sdk/client-bedrock-runtime", "bench/node_modules/@aws-sdk/client-bedrock-runtime"],
    ["@smithy/node-http-handler", "bench/node_modules/@smithy/node-http-handler"],
    ["@strands-agents/sdk", "bench/node_modules/@strands-agents/sdk"],
    ["ai", "bench/node_modules/ai"],
    ["@ai-sdk/amazon-bedrock", "bench/node_modules/@ai-sdk/amazon-bedrock"],
    ["@langchain/aws", "bench/node_modules/@langchain/aws"],
    ["@langchain/core", "bench/node_modules/@langchain/core"],
  ].map(([label, path]) => `${label} ${versionOf(path as string)}`);
  console.log(
    [
      `\nLegend. Node ${process.version}, ${availableParallelism()} CPUs; ${versions.join(", ")}.`,
      "A job is the whole conversation (a text and two parallel get_weather calls, both results sent back, an ~80-char answer), its final text checked.",
      "All runners use ConverseStream except AI SDK generateText (Converse).",
      "Every figure is a median over interleaved rounds: each round runs every runner once, in rotated order, each timed batch right after an untimed batch as large, with no forced collection of the heap in between (as under steady load: the young garbage of the runner before collected, code warm, connections a client keeps alive open).",
      "Sequential: ms per job, one at a time, no injected latency.",
      `Concurrent: a batch's wall time / its jobs, ${inFlight} in flight, against a second bedrock-local that waits ${settings.latencyMs} ms before every answer;`,
      "CPU ms: this process's user + system time per job (bedrock-local runs in its own process): when every runner is CPU-bound, this is what is compared.",
      "Conns: TCP connections the client opened per job (2: a new one for each model call; about 0: reused).",
      "First text delta: ms from the call to the first text delta of the first turn (n/a: the API returns whole answers).",
      `Text deltas/s: one turn of ${MANY_EVENTS_TASK.answer.length} chars at 4 chars a delta, as the runner surfaces them.`,
      `KB per idle session: heap growth over ${settings.sessions.sessions} finished conversations kept (Lode: sessions in one agent's in-memory store;`,
      "Strands: an Agent each; the others: the messages arrays), each runner in a process of its own, after forced GCs.",
      `KB per run in flight: heap growth while ${settings.inFlight.runsInFlight} jobs wait on their first model call (a bedrock-local holding answers ${settings.inFlight.holdMs} ms), after forced GCs.`,
      `200 KB tool input: a tool use whose ${BIG_TOOL_INPUT_BYTES}-byte JSON input streams at 64 chars a delta, then an answer turn; ms per job,`,
      `one at a time, each runner in a process of its own, ${settings.bigInput.capMs / 1000} s in all a runner.`,
      "Transports are each framework's own default (the HTTP column of the first table): 3 asks for one shared HTTP/2 session, but",
      "@smithy/node-http-handler gives every event-stream call a session of its own, so only Converse calls could share one; Strands hands",
      "the SDK an options bag (its request timeout), which becomes the SDK's default NodeHttp2Handler; LangChain gets a client built as it",
      "builds its own (its endpointHost means https only); the AI SDK signs its own requests and sends them with fetch.",
    ].join(" "),
  );
  printSummary(peers, results, settings);
}
