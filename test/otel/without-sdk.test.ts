import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { trace } from "@opentelemetry/api";
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
});

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
});
