// The tracing example: an agent traced with OpenTelemetry (@lode/otel on the Node SDK). Its spans go over
// OTLP/HTTP to a receiver the example starts itself, which prints them as a tree, or to your collector when
// OTEL_EXPORTER_OTLP_ENDPOINT is set, or to the console with LODE_OTEL_CONSOLE=1. The model is bedrock-local's
// scripted one, or Amazon Bedrock when LODE_MODEL_ID is set. It prints the run's cost too.
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { Agent, LodeError, type PriceTable } from "@lode/core";
import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-node";
import { z } from "zod";
import { type OtlpReceiver, startOtlpReceiver } from "./otlp-receiver.js";
import { spanTreeLines } from "./span-tree.js";

const QUESTION = process.argv[2] ?? "What's the weather in Oslo and Bergen tomorrow?";
const MODEL_ID = process.env.LODE_MODEL_ID ?? "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** Example prices in US dollars per million tokens: put your own here (Lode knows none). */
const PRICES: PriceTable = {
  [MODEL_ID]: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
};

const forecast = defineTool({
  name: "get_forecast",
  description: "Tomorrow's forecast for a city.",
  input: z.object({ city: z.string() }),
  run: async ({ city }) =>
    city === "Bergen" ? { city, sky: "rain", tempC: 4 } : { city, sky: "dry", tempC: -3 },
});

/** Where the spans go: the example's own receiver unless the environment names another destination. */
async function chooseExporter(): Promise<{ exporter: SpanExporter; receiver?: OtlpReceiver; says: string }> {
  if (process.env.LODE_OTEL_CONSOLE === "1")
    return { exporter: new ConsoleSpanExporter(), says: "Spans go to the console (LODE_OTEL_CONSOLE=1)" };
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // The exporter reads the OTEL_EXPORTER_OTLP_* variables itself.
  if (endpoint)
    return { exporter: new OTLPTraceExporter(), says: `Spans go to your collector at ${endpoint}` };
  const receiver = await startOtlpReceiver();
  return {
    exporter: new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }),
    receiver,
    says: `Spans go over OTLP/HTTP to the example's own receiver at ${receiver.url}`,
  };
}

async function main(): Promise<void> {
  const write = (text: string) => process.stdout.write(text);
  const { exporter, receiver, says } = await chooseExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "lode-otel-example" }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // Registers the provider and the async-local-storage context manager, as an application's setup does.
  provider.register();
  const local = process.env.LODE_MODEL_ID
    ? undefined
    : await startBedrockLocal({ script: fileURLToPath(new URL("./demo.script.json", import.meta.url)) });
  write(
    local
      ? `Using bedrock-local at ${local.url}, a scripted model (set LODE_MODEL_ID for Amazon Bedrock)\n`
      : `Using Amazon Bedrock, model ${MODEL_ID}: LODE_MODEL_ID is set\n`,
  );
  write(`${says}\n`);
  await using agent = new Agent({
    name: "forecaster",
    modelId: MODEL_ID,
    system: "You give short weather forecasts. Use the tool for each city.",
    tools: [forecast],
    prices: PRICES,
    instrumentation: openTelemetry(),
    ...(local ? { client: new BedrockRuntimeClient({ ...local.clientConfig, maxAttempts: 1 }) } : {}),
  });
  try {
    write(`you: ${QUESTION}\n`);
    const result = await agent.run(QUESTION, { sessionId: "trip-planning" });
    write(`agent: ${result.text}\n`);
    const cost = result.cost;
    if (cost)
      write(
        `cost: $${cost.total.toFixed(6)} (input ${cost.input.toFixed(6)}, output ${cost.output.toFixed(6)}, ` +
          `cache read ${cost.cacheRead.toFixed(6)}, cache write ${cost.cacheWrite.toFixed(6)})\n`,
      );
  } finally {
    // Shutting down flushes the batch of spans to the exporter.
    await provider.shutdown();
    await local?.close();
    await receiver?.close();
  }
  if (receiver) {
    write(`\nThe receiver got ${receiver.spans.length} spans:\n`);
    for (const line of spanTreeLines(receiver.spans)) write(`${line}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The run failed: ${LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error)}\n`,
  );
  process.exitCode = 1;
});
