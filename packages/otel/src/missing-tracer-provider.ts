import { type TracerProvider, trace } from "@opentelemetry/api";

/** Where every copy of `@opentelemetry/api` 1.x keeps its globals, with the version of the copy that made it. */
const GLOBAL_API_KEY = Symbol.for("opentelemetry.js.api.1");

/**
 * Why spans started on the global tracer provider go nowhere, or undefined when a provider is registered
 * where this package's `@opentelemetry/api` looks. The API's global is a proxy that hands spans to the
 * provider an SDK registered; with none, or with one registered through an older copy of the API (which a
 * newer copy ignores, by OpenTelemetry's own version check), every span is a no-op and nothing says why.
 */
export function missingTracerProvider(scope: { name: string; version: string }): string | undefined {
  const provider = trace.getTracerProvider() as TracerProvider & {
    getDelegateTracer?: (name: string, version?: string) => unknown;
  };
  if (typeof provider.getDelegateTracer !== "function") return undefined;
  if (provider.getDelegateTracer(scope.name, scope.version) !== undefined) return undefined;
  const global = (globalThis as Record<symbol, { version?: unknown; trace?: unknown } | undefined>)[
    GLOBAL_API_KEY
  ];
  if (global?.trace !== undefined && global.trace !== provider && typeof global.version === "string")
    return (
      `A tracer provider is registered through @opentelemetry/api ${global.version}, but the copy ` +
      "@lode/otel loads is newer and ignores it (OpenTelemetry's version check): no spans, and no metrics " +
      "from that copy's meter provider, are recorded. Have the application and @lode/otel share one " +
      "@opentelemetry/api (dedupe it, or raise the application's to the newer version), or pass " +
      "openTelemetry({ tracer, meter })."
    );
  return (
    "No OpenTelemetry tracer provider is registered where @lode/otel looks, so its runs record no spans. " +
    "Register one before the agent runs (an SDK's provider.register()), or pass openTelemetry({ tracer })."
  );
}
