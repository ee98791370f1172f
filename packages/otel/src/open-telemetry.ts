import type { RunInstrumentation, RunWatcher } from "@lode/core";
import { createNoopMeter, type Meter, metrics, type Tracer, trace } from "@opentelemetry/api";
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
  // The global tracer is a proxy that follows whichever provider is registered, even later; the global
  // meter is not, so it is asked for again at every run.
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
  const meterOf = (): Meter | undefined =>
    options.meter === false
      ? undefined
      : (options.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version));
  const captureContent = options.captureContent === true;
  return {
    startRun: (run) => {
      const settings = { tracer, metrics: genAiMetricsOf(meterOf()), captureContent };
      const runTrace = new RunTrace(run, settings);
      // With no SDK at all nothing could ever see the spans: the run is left alone.
      return runTrace.inert && !settings.metrics ? UNWATCHED : runTrace;
    },
  };
}

const NOOP_METER = createNoopMeter();
const metricsByMeter = new WeakMap<Meter, GenAiMetrics>();

/** The histograms on this meter, made once per meter; none on the API's no-op meter. */
function genAiMetricsOf(meter: Meter | undefined): GenAiMetrics | undefined {
  if (!meter || meter === NOOP_METER) return undefined;
  let made = metricsByMeter.get(meter);
  if (!made) {
    made = new GenAiMetrics(meter);
    metricsByMeter.set(meter, made);
  }
  return made;
}

/** Watches nothing: each call runs as it would without instrumentation. */
const UNWATCHED: RunWatcher = {
  modelCall: () => ({ send: (send) => send(), firstChunk() {}, retry() {}, end() {} }),
  toolCall: (_call, run) => run(),
  event() {},
};
