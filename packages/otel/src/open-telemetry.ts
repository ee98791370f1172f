import type { RunInstrumentation, RunWatcher } from "@lode/core";
import { createNoopMeter, type Meter, metrics, type Tracer, trace } from "@opentelemetry/api";
import { GenAiMetrics } from "./metrics.js";
import { missingTracerProvider } from "./missing-tracer-provider.js";
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
 * `instrumentation`. Without an OpenTelemetry SDK registered it records nothing and costs next to nothing;
 * its first run then starts with a `warning` event saying so (and naming an older `@opentelemetry/api` a
 * provider was registered through, which this package's copy ignores).
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
  let warned = false;
  return {
    startRun: (run) => {
      const settings = { tracer, metrics: genAiMetricsOf(meterOf()), captureContent };
      const runTrace = new RunTrace(run, settings);
      // With no SDK at all nothing could ever see the spans: the run is left alone.
      const watcher = runTrace.inert && !settings.metrics ? UNWATCHED : runTrace;
      // Said once, at the first run that finds it: a trace that stays empty is otherwise a silent mystery.
      const missing = options.tracer || warned ? undefined : missingTracerProvider(INSTRUMENTATION_SCOPE);
      if (!missing) return watcher;
      warned = true;
      return withWarning(watcher, { source: INSTRUMENTATION_SCOPE.name, message: missing });
    },
  };
}

/** The watcher, telling the run's caller this as the run starts. */
function withWarning(watcher: RunWatcher, warning: { source: string; message: string }): RunWatcher {
  return {
    modelCall: (call) => watcher.modelCall(call),
    toolCall: (call, run) => watcher.toolCall(call, run),
    event: (event) => watcher.event(event),
    warnings: [warning],
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
