/**
 * What tracing adds to a run. The same two-step job (two parallel tool calls, then text) through three
 * agents: no instrumentation; `openTelemetry()` with no SDK registered (a user who installed @lode/otel
 * but not the SDK); and `openTelemetry()` on the SDK with an in-memory span exporter, a simple span
 * processor, the async-local-storage context manager and a meter (every span, event and data point kept).
 *
 * First Lode's own CPU per run against an in-process stand-in client (no network: the added cost stands
 * out as much as it ever can), then wall time per run against bedrock-local over HTTP. Figures are medians
 * of interleaved rounds.
 *
 * Run: npx tsx bench/run-all.ts otel-overhead
 */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type RunInstrumentation } from "@lode/core";
import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { z } from "zod";
import { createBenchClient, startBenchServer } from "./support/bench-server.js";
import { sized } from "./support/smoke.js";
import { standInClient, TEXT_TURN, TOOL_TURN } from "./support/stand-in-client.js";
import { median, percentile } from "./support/stats.js";

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: "sunny" }),
});

class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
  "bench",
);
const meter = new MeterProvider({ readers: [new OnDemandReader()] }).getMeter("bench");

/** Watches through every seam and does nothing: what the seams themselves cost. */
const passThrough: RunInstrumentation = {
  startRun: () => ({
    modelCall: () => ({ send: (send) => send(), firstChunk() {}, retry() {}, end() {} }),
    toolCall: (_call, run) => run(),
    event() {},
  }),
};

const variants: { name: string; instrumentation: RunInstrumentation | undefined }[] = [
  { name: "no instrumentation", instrumentation: undefined },
  { name: "a pass-through instrumentation", instrumentation: passThrough },
  { name: "openTelemetry(), no SDK registered", instrumentation: openTelemetry() },
  { name: "openTelemetry(), SDK, in-memory exporter", instrumentation: openTelemetry({ tracer, meter }) },
];

async function perRun(agent: Agent, runs: number, measure: "cpu" | "wall"): Promise<number> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let run = 0; run < runs; run++) await agent.run("Weather in Paris and Oslo?");
  const used = process.cpuUsage(cpu);
  exporter.reset();
  return measure === "cpu" ? (used.user + used.system) / runs : ((performance.now() - wall) * 1000) / runs;
}

async function compare(
  title: string,
  client: () => BedrockRuntimeClient,
  plan: { rounds: number; runs: number; measure: "cpu" | "wall" },
): Promise<void> {
  const agents = variants.map(
    (variant) =>
      new Agent({
        modelId: "m",
        client: client(),
        tools: [weather],
        instrumentation: variant.instrumentation,
      }),
  );
  for (const agent of agents) await perRun(agent, Math.ceil(plan.runs / 3), plan.measure);
  const samples = agents.map(() => [] as number[]);
  for (let round = 0; round < plan.rounds; round++)
    for (const [index, agent] of agents.entries())
      samples[index]?.push(await perRun(agent, plan.runs, plan.measure));
  const medians = samples.map((values) => median(values));
  const baseline = medians[0] ?? 0;
  console.log(`\n${title}: µs per run, median of ${plan.rounds} interleaved rounds of ${plan.runs} runs`);
  for (const [index, variant] of variants.entries()) {
    const value = medians[index] ?? 0;
    const added = value - baseline;
    const share = baseline > 0 ? ` (${added >= 0 ? "+" : ""}${((added / baseline) * 100).toFixed(1)} %)` : "";
    // The middle half of the rounds: a difference inside it is the machine's noise, not the variant's cost.
    const rounds = samples[index] ?? [];
    const spread = `rounds ${percentile(rounds, 0.25).toFixed(0)}–${percentile(rounds, 0.75).toFixed(0)}`;
    const difference = index === 0 ? "" : `added ${added.toFixed(1)}${share}`;
    console.log(
      `${variant.name.padEnd(42)} ${value.toFixed(1).padStart(9)}  ${spread.padEnd(18)} ${difference}`,
    );
  }
}

await compare("Lode's CPU, in-process stand-in client", () => standInClient([TOOL_TURN, TEXT_TURN]), {
  rounds: sized(9, 2),
  runs: sized(2_000, 3),
  measure: "cpu",
});

const server = await startBenchServer({
  models: {
    "*": {
      turns: [
        {
          content: [
            { toolUse: { name: "get_weather", input: { city: "Paris" } } },
            { toolUse: { name: "get_weather", input: { city: "Oslo" } } },
          ],
        },
        { text: "Paris is sunny and Oslo is cloudy." },
      ],
    },
  },
});
const client = createBenchClient(server.url);
try {
  await compare(`Wall time, bedrock-local over HTTP/1.1 (${server.kind})`, () => client, {
    rounds: sized(15, 2),
    runs: sized(100, 3),
    measure: "wall",
  });
} finally {
  client.destroy();
  await server.close();
}
