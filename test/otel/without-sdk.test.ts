import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { metrics, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();
afterEach(() => {
  trace.disable();
  metrics.disable();
});

class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const script = scriptOf({ content: [{ toolUse: { name: "active_span", input: {} } }] }, { text: "Done." });

/** A tool that answers with whether a span was recording where it ran. */
const activeSpan = defineTool({
  name: "active_span",
  description: "Reports the active span.",
  input: z.object({}),
  run: () => ({ recording: trace.getActiveSpan()?.isRecording() ?? false }),
});

describe("openTelemetry() with no SDK registered", () => {
  test("emits nothing and fails nothing: the run is as it is without it", async () => {
    const harness = await startAgent(script, { tools: [activeSpan], instrumentation: openTelemetry() });
    const result = await harness.agent.run("Go.");

    expect(result.text).toBe("Done.");
    expect(result.toolCalls[0]?.content).toEqual([{ json: { recording: false } }]);
  });

  test("starts recording once an SDK registers a tracer provider, with no change to the agent", async () => {
    const harness = await startAgent(script, { tools: [activeSpan], instrumentation: openTelemetry() });
    await harness.agent.run("Go.");
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    await harness.agent.run("Go.");

    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      "chat test-model",
      "execute_tool active_span",
      "chat test-model",
      "invoke_agent",
    ]);
    expect(exporter.getFinishedSpans().map((span) => span.instrumentationScope.name)).toContain("@lode/otel");
  });

  test("records the histograms once an SDK registers a meter provider, though the agent was made before", async () => {
    const harness = await startAgent(script, { tools: [activeSpan], instrumentation: openTelemetry() });
    const reader = new OnDemandReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    await harness.agent.run("Go.");
    const { resourceMetrics } = await reader.collect();

    expect(
      resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name)),
    ).toEqual(["gen_ai.client.token.usage", "gen_ai.client.operation.duration"]);
  });
});
