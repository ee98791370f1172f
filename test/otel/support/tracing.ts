import { type Attributes, context, type HrTime, type Meter, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll } from "vitest";

/** A reader that hands over what the meter holds whenever a test asks. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** The OpenTelemetry SDK, set up for one test: spans kept in memory, metrics read on demand. */
export interface Tracing {
  tracer: Tracer;
  meter: Meter;
  /** The spans that have ended, in the order they ended. */
  spans(): ReadableSpan[];
  /** The data points of the histogram of this name, with their attributes. */
  histogram(name: string): Promise<DataPoint<Histogram>[]>;
}

export function startTracing(): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracer: provider.getTracer("lode-tests"),
    meter: meterProvider.getMeter("lode-tests"),
    spans: () => exporter.getFinishedSpans(),
    histogram: async (name) => {
      const { resourceMetrics } = await reader.collect();
      const metric = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((candidate) => candidate.descriptor.name === name);
      return (metric?.dataPoints ?? []) as DataPoint<Histogram>[];
    },
  };
}

/**
 * For a test file: OpenTelemetry's async-local-storage context manager, as an SDK's setup registers it, so
 * that the span a callback runs under is the active one inside it (in the file's own process only).
 */
export function useContextManager(): void {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => {
    context.disable();
  });
}

/** A span tree as names, children in the order they started: `["invoke_agent a", [["chat m", []]]]`. */
export type SpanTree = [name: string, children: SpanTree[]];

export function spanTree(spans: readonly ReadableSpan[]): SpanTree[] {
  const childrenOf = (parentId: string | undefined): SpanTree[] =>
    spans
      .filter((span) => span.parentSpanContext?.spanId === parentId)
      .sort((a, b) => compareTime(a.startTime, b.startTime))
      .map((span) => [span.name, childrenOf(span.spanContext().spanId)]);
  return childrenOf(undefined);
}

/** The one span of this name (fails when there is none or more). */
export function onlySpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
  return found[0] as ReadableSpan;
}

/** The spans of this name, in the order they started. */
export function spansNamed(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name).sort((a, b) => compareTime(a.startTime, b.startTime));
}

/** A span event's name and attributes. */
export function eventsOf(span: ReadableSpan): { name: string; attributes: Attributes | undefined }[] {
  return span.events.map((event) => ({ name: event.name, attributes: event.attributes }));
}

export function compareTime(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * A span tree as indented text, one span a line, two spaces a level, children in the order they started
 * (ties by name): readable in a failure's diff, and quotable as it is.
 */
export function spanTreeText(spans: readonly ReadableSpan[]): string {
  const lines: string[] = [];
  const visit = (parentId: string | undefined, depth: number): void => {
    const children = spans
      .filter((span) => span.parentSpanContext?.spanId === parentId)
      .sort(
        (a, b) => compareSteps(a, b) || compareTime(a.startTime, b.startTime) || a.name.localeCompare(b.name),
      );
    for (const span of children) {
      lines.push(`${"  ".repeat(depth)}${span.name}`);
      visit(span.spanContext().spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return lines.join("\n");
}

/**
 * Siblings in the order the loop makes them: by step, and within a step the model call before its tool calls.
 * Start times alone can tie or cross by a fraction of a millisecond: the SDK anchors each span's clock to its
 * local root, and a sub-agent's spans and its caller's are anchored apart.
 */
function compareSteps(a: ReadableSpan, b: ReadableSpan): number {
  const stepA = a.attributes["lode.step"];
  const stepB = b.attributes["lode.step"];
  if (typeof stepA !== "number" || typeof stepB !== "number") return 0;
  if (stepA !== stepB) return stepA - stepB;
  const rank = (span: ReadableSpan) => (span.name.startsWith("chat ") ? 0 : 1);
  return rank(a) - rank(b);
}

/** The span a span was started under (fails when it has none among `spans`). */
export function parentOf(spans: readonly ReadableSpan[], child: ReadableSpan): ReadableSpan {
  const parentId = child.parentSpanContext?.spanId;
  const found = spans.find((span) => span.spanContext().spanId === parentId);
  if (!found) throw new Error(`span "${child.name}" has no parent among the spans`);
  return found;
}
