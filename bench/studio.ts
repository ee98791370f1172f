/**
 * What Lode Studio costs to keep and read many runs. A studio is filled with 10,000 runs of the two-step
 * weather job, fed over HTTP as a reporter feeds it: batches of reports (each run's start, its two model
 * calls with their exact requests, the second's history grown by the first's answer and the tool's result,
 * the tool call, the coalesced events, the end with its result), 10 runs a batch. Then: the heap the
 * studio holds for them, and the time to list them (the first page; filtered by text, by status) and to
 * open one, median and p95 over 200 requests each.
 *
 * Run: npx tsx bench/run-all.ts studio
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { ContentBlock, ConverseStreamRequest, Message } from "@aws-sdk/client-bedrock-runtime";
import { type AgentEvent, type RunResult, type StepUsage, stringifyWithBytes } from "@lode/core";
import { type Report, type RunList, type RunRecord, startStudio } from "@lode/studio";
import { sized } from "./support/smoke.js";
import { median, percentile } from "./support/stats.js";
import { BENCH_MODEL_ID } from "./support/two-step-script.js";

// A smoke run keeps more runs than the list's first page (100).
const RUNS = sized(10_000, 200);
const RUNS_PER_BATCH = 10;
const REQUESTS = sized(200, 3);
const WARM_UP_REQUESTS = sized(20, 2);
/** The run opened to check the studio kept them (run-04321 of 10,000), and where the later page starts. */
const runName = (index: number) => `run-${index.toString().padStart(5, "0")}`;
const CHECKED_RUN = runName(Math.floor((RUNS * 4321) / 10_000));
const LATER_PAGE = runName(RUNS / 2);
const CITIES = [
  "Lisbon",
  "Oslo",
  "Porto",
  "Madrid",
  "Rome",
  "Vienna",
  "Prague",
  "Dublin",
  "Athens",
  "Berlin",
];
const SYSTEM = `You are the travel desk's weather assistant. ${"Answer briefly and cite the weather you looked up. ".repeat(12)}`;
const TOOL_CONFIG: ConverseStreamRequest["toolConfig"] = {
  tools: [
    {
      toolSpec: {
        name: "get_weather",
        description: "The current weather in a city.",
        inputSchema: {
          json: {
            type: "object",
            properties: { city: { type: "string", description: "The city's name" } },
            required: ["city"],
          },
        },
      },
    },
  ],
};

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function usage(inputTokens: number, outputTokens: number): StepUsage {
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    latencyMs: 420,
  };
}

function request(messages: Message[]): ConverseStreamRequest {
  return {
    modelId: BENCH_MODEL_ID,
    system: [{ text: SYSTEM }],
    messages,
    toolConfig: TOOL_CONFIG,
    inferenceConfig: { maxTokens: 1024 },
  };
}

/** One run of the two-step job, as its reporter tells it; `at` is its start. */
function twoStepRun(index: number, at: number): Report[] {
  const runId = runName(index);
  const city = CITIES[index % CITIES.length] as string;
  const toolUseId = `tooluse_${index}`;
  const base = { runId, agentPath: ["forecaster"] };
  const event = (offset: number, fields: object): Report => ({
    kind: "event",
    at: at + offset,
    event: { ...base, step: 0, ...fields } as unknown as AgentEvent,
  });
  const input: Message[] = [{ role: "user", content: [{ text: `What's the weather in ${city}?` }] }];
  const asked: ContentBlock[] = [
    { text: "Let me look that up." },
    { toolUse: { toolUseId, name: "get_weather", input: { city } } },
  ];
  const first: Message = { role: "assistant", content: asked };
  const toolResult: Message = {
    role: "user",
    content: [
      {
        toolResult: { toolUseId, status: "success", content: [{ json: { city, tempC: 21, sky: "sunny" } }] },
      },
    ],
  };
  const answerText = `It is 21 °C and sunny in ${city} today, a fine day for a walk by the river.`;
  const second: Message = { role: "assistant", content: [{ text: answerText }] };
  const cost = (total: number) => ({
    total,
    input: total * 0.8,
    output: total * 0.2,
    cacheRead: 0,
    cacheWrite: 0,
  });
  const result = {
    runId,
    sessionId: undefined,
    text: answerText,
    output: undefined,
    messages: [...input, first, toolResult, second],
    stopReason: "end_turn",
    steps: [
      {
        step: 1,
        message: first,
        stopReason: "tool_use",
        usage: usage(412, 38),
        toolCalls: [],
        agentPath: ["forecaster"],
        retries: 0,
        cost: cost(0.0018),
      },
      {
        step: 2,
        message: second,
        stopReason: "end_turn",
        usage: usage(480, 24),
        toolCalls: [],
        agentPath: ["forecaster"],
        retries: 0,
        cost: cost(0.0018),
      },
    ],
    usage: usage(892, 62),
    cost: cost(0.0036),
    usageByAgent: [],
    toolCalls: [],
    guardrail: undefined,
    guardrailInterventions: [],
    durationMs: 900,
    pendingApprovals: [],
  } as unknown as RunResult<unknown>;
  return [
    {
      kind: "run-start",
      at,
      runId,
      agentName: "forecaster",
      agentDescription: undefined,
      agentPath: ["forecaster"],
      parent: undefined,
      modelId: BENCH_MODEL_ID,
      sessionId: undefined,
      resumable: false,
    },
    event(0, { type: "run-start", input }),
    { kind: "model-call-start", at: at + 1, runId, step: 1, request: request(input) },
    event(1, { type: "step-start", step: 1 }),
    { kind: "first-chunk", at: at + 300, runId, step: 1 },
    event(300, { type: "text-delta", step: 1, id: "1:0", text: "Let me look that up." }),
    event(320, { type: "tool-call", step: 1, toolUseId, toolName: "get_weather", input: { city } }),
    {
      kind: "model-call-end",
      at: at + 420,
      runId,
      step: 1,
      outcome: {
        status: "answered",
        message: first,
        stopReason: "tool_use",
        usage: usage(412, 38),
        requestId: `req-${index}-1`,
      },
    },
    event(420, { type: "step-end", step: 1, stopReason: "tool_use", usage: usage(412, 38) }),
    { kind: "tool-start", at: at + 421, runId, step: 1, toolUseId, toolName: "get_weather", input: { city } },
    {
      kind: "tool-end",
      at: at + 423,
      runId,
      toolUseId,
      outcome: { status: "success", content: toolResult.content?.[0]?.toolResult?.content ?? [] },
    },
    event(423, {
      type: "tool-result",
      step: 1,
      toolUseId,
      toolName: "get_weather",
      status: "success",
      content: [],
      durationMs: 2,
    }),
    {
      kind: "model-call-start",
      at: at + 424,
      runId,
      step: 2,
      request: request([...input, first, toolResult]),
    },
    event(424, { type: "step-start", step: 2 }),
    { kind: "first-chunk", at: at + 700, runId, step: 2 },
    event(700, { type: "text-delta", step: 2, id: "2:0", text: answerText }),
    {
      kind: "model-call-end",
      at: at + 900,
      runId,
      step: 2,
      outcome: {
        status: "answered",
        message: second,
        stopReason: "end_turn",
        usage: usage(480, 24),
        requestId: `req-${index}-2`,
      },
    },
    event(900, { type: "step-end", step: 2, stopReason: "end_turn", usage: usage(480, 24) }),
    event(900, { type: "run-end", step: 2, result }),
  ];
}

async function timed(
  requests: number,
  path: (index: number) => string,
  get: (path: string) => Promise<unknown>,
): Promise<string> {
  const times: number[] = [];
  for (let index = 0; index < requests; index++) {
    const start = performance.now();
    await get(path(index));
    times.push(performance.now() - start);
  }
  return `median ${median(times).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`;
}

const studio = await startStudio({ maxRuns: RUNS });
const headers = { "x-lode-studio-token": studio.token };
async function get(path: string): Promise<unknown> {
  const response = await fetch(`${studio.origin}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

try {
  // The reporter's side (making the reports, their JSON) is done first: the time is the studio's, and HTTP's.
  const bodies = Array.from({ length: RUNS / RUNS_PER_BATCH }, (_, batch) => {
    const reports = Array.from(
      { length: RUNS_PER_BATCH },
      (_, offset) => batch * RUNS_PER_BATCH + offset,
    ).flatMap((index) => twoStepRun(index, 1_700_000_000_000 + index * 1000));
    return stringifyWithBytes({ clientId: "bench:1:a", clientName: "node bench", reports });
  });
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${studio.origin}/api/reports`, { method: "POST", headers, body });
    if (response.status !== 204) throw new Error(`POST /api/reports: ${response.status}`);
  }
  const ingestMs = performance.now() - started;
  collectGarbage();
  const held = process.memoryUsage().heapUsed - heapBefore;
  bodies.length = 0;

  const list = (await get("/api/runs")) as RunList;
  const record = (await get(`/api/runs/${CHECKED_RUN}`)) as RunRecord;
  if (
    list.kept !== RUNS ||
    list.runs.length !== 100 ||
    record.steps.length !== 2 ||
    record.calls.length !== 1
  ) {
    throw new Error(`the studio did not keep the runs: ${list.kept} kept, ${record.steps.length} steps`);
  }
  const reportsPerRun = twoStepRun(0, 0).length;
  console.log(
    `${RUNS} runs of the two-step job, ${reportsPerRun} reports each, ${RUNS_PER_BATCH} runs a batch`,
  );
  console.log(
    `  ingest: ${(ingestMs / 1000).toFixed(2)} s (${((ingestMs * 1000) / RUNS).toFixed(0)} µs a run, ${(bytes / 1024 / 1024).toFixed(0)} MB of JSON)`,
  );
  console.log(
    `  heap held: ${(held / 1024 / 1024).toFixed(1)} MB (${(held / RUNS / 1024).toFixed(1)} KB a run)`,
  );
  for (let warm = 0; warm < WARM_UP_REQUESTS; warm++) await get("/api/runs");
  console.log(`  list, first page (100):      ${await timed(REQUESTS, () => "/api/runs", get)}`);
  console.log(`  list, filtered by text:      ${await timed(REQUESTS, () => "/api/runs?q=oslo", get)}`);
  console.log(
    `  list, filtered by status:    ${await timed(REQUESTS, () => "/api/runs?status=failed", get)}`,
  );
  console.log(
    `  list, a page further on:     ${await timed(REQUESTS, () => `/api/runs?before=${LATER_PAGE}&limit=100`, get)}`,
  );
  console.log(
    `  open a run:                  ${await timed(REQUESTS, (index) => `/api/runs/${runName((index * 4999) % RUNS)}`, get)}`,
  );
} finally {
  await studio.close();
}
