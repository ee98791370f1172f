import type { RunInstrumentation } from "@lode/core";
import { type Meter, metrics, type Tracer, trace } from "@opentelemetry/api";
import { GenAiMetrics } from "./metrics.js";
import { RunTrace } from "./run-trace.js";

/** The instrumentation scope Lode's spans and metrics are reported under. */
export const INSTRUMENTATION_SCOPE = { name: "@lode/otel", version: "0.1.0" } as const;

export interface OpenTelemetryOptions {
  /** The tracer to start spans with. @default the global tracer provider's, for `@lode/otel` */
  tracer?: Tracer;
  /** The meter to record the GenAI histograms with; `false` records none. @default the global meter provider's */
  meter?: Meter | false;
  /**
   * Record messages, the system prompt, tool definitions, tool arguments and results on spans
   * (`gen_ai.input.messages`, `gen_ai.tool.call.arguments`, …). Off by default: they hold what users
   * wrote and what tools returned.
   * @default false
   */
  captureContent?: boolean;
}

/**
 * Traces an agent's runs with OpenTelemetry, after the GenAI semantic conventions: a span per run
 * (`invoke_agent {name}`), per model call (`chat {model}`) and per tool call (`execute_tool {tool}`), with
 * `gen_ai.client.token.usage` and `gen_ai.client.operation.duration`. Pass it as the agent's
 * `instrumentation`. Without an OpenTelemetry SDK registered it emits nothing and costs next to nothing.
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): RunInstrumentation {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
  const meter =
    options.meter === false
      ? undefined
      : (options.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version));
  const settings = {
    tracer,
    metrics: meter ? new GenAiMetrics(meter) : undefined,
    captureContent: options.captureContent === true,
  };
  return { startRun: (run) => new RunTrace(run, settings) };
}
