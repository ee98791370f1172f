export { ATTR, PROVIDER_NAME, SPAN_EVENT } from "./attributes.js";
export { INSTRUMENTATION_SCOPE, type OpenTelemetryOptions, openTelemetry } from "./open-telemetry.js";
