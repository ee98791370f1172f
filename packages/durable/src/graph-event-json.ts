import { LodeError, parseWithBytes, stringifyWithBytes } from "@lode/core";
import type { GraphRunEvent } from "./durable-graph.js";

/**
 * A graph's own event as one line of JSON: plain JSON with bytes as `{ "$bytes": … }` (a node's update, the
 * state in `graph-end`), the error of `graph-error` as `{ name, message, code }` (its cause left out).
 */
export function stringifyGraphRunEvent(event: GraphRunEvent): string {
  if (event.type !== "graph-error") return stringifyWithBytes(event);
  const { name, message } = event.error;
  return stringifyWithBytes({ ...event, error: { name, message, code: event.code } });
}

/** An event from `stringifyGraphRunEvent`'s JSON; a `graph-error`'s error back as a `LodeError`. */
export function parseGraphRunEvent(json: string): GraphRunEvent {
  const event = parseWithBytes(json) as GraphRunEvent;
  if (event.type === "graph-error") {
    const { message } = (event.error ?? {}) as { message?: string };
    event.error = new LodeError(event.code, message ?? event.message);
  }
  return event;
}
