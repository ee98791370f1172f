import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { metrics, ProxyTracerProvider, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { collectEvents, eventsOfType, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

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

describe("openTelemetry() when its API sees no tracer provider", () => {
  test("warns at its first run that no span is recorded, and says it once", async () => {
    const harness = await startAgent(script, { tools: [activeSpan], instrumentation: openTelemetry() });
    const first = await collectEvents(harness.agent.stream("Go."));
    const second = await collectEvents(harness.agent.stream("Go."));

    expect(first.map((event) => event.type).slice(0, 2)).toEqual(["run-start", "warning"]);
    expect(eventsOfType(first, "warning")).toEqual([
      expect.objectContaining({
        source: "@lode/otel",
        message: expect.stringMatching(/^No OpenTelemetry tracer provider is registered.*no spans/),
      }),
    ]);
    expect(eventsOfType(second, "warning")).toEqual([]);
    expect(eventsOfType(first, "run-end")[0]?.result.text).toBe("Done.");
  });

  test("names the older @opentelemetry/api a provider was registered through, which its own ignores", async () => {
    // What an application's older copy of the API leaves in the global: its version, its provider.
    const exporter = new InMemorySpanExporter();
    const applicationProvider = new ProxyTracerProvider();
    applicationProvider.setDelegate(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    const key = Symbol.for("opentelemetry.js.api.1");
    const global = globalThis as Record<symbol, unknown>;
    const before = global[key];
    global[key] = { version: "1.3.0", trace: applicationProvider };
    try {
      const harness = await startAgent(script, { tools: [activeSpan], instrumentation: openTelemetry() });
      const events = await collectEvents(harness.agent.stream("Go."));

      expect(eventsOfType(events, "warning").map((event) => event.message)).toEqual([
        expect.stringMatching(/registered through @opentelemetry\/api 1\.3\.0.*ignores it/),
      ]);
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      global[key] = before;
    }
  });

  test("says nothing when a tracer provider is registered, or a tracer is given", async () => {
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())],
    });
    const given = await startAgent(script, {
      tools: [activeSpan],
      instrumentation: openTelemetry({ tracer: provider.getTracer("app") }),
    });
    const withTracer = await collectEvents(given.agent.stream("Go."));
    trace.setGlobalTracerProvider(provider);
    const registered = await startAgent(script, { tools: [activeSpan], instrumentation: openTelemetry() });
    const withProvider = await collectEvents(registered.agent.stream("Go."));

    expect(eventsOfType(withTracer, "warning")).toEqual([]);
    expect(eventsOfType(withProvider, "warning")).toEqual([]);
  });
});
