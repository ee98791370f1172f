import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";

/** Marks a span failed with a Lode error: `error.type` is its code, the exception event its details. */
export function recordError(span: Span, code: string, error: Error): void {
  span.setAttribute(ATTR.errorType, code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  span.recordException(error);
}
