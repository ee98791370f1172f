import type { IncomingMessage, ServerResponse } from "node:http";
import { createSseBody, encodeSseEvent, pipeToNodeResponse, SSE_HEADERS, type SseOptions } from "@lode/core";
import type { DurableRunEvent } from "./durable-graph.js";
import { isGraphRunEvent } from "./durable-graph.js";
import { stringifyGraphRunEvent } from "./graph-event-json.js";
import type { RunStreamItem } from "./run-events.js";
import type { RunQueue } from "./run-queue.js";

/**
 * One stream entry as an SSE message whose `id` is its stream id, so a browser's `EventSource` (or any
 * client) that reconnects sends it back as `Last-Event-ID` and goes on from there. Events go out as core's
 * `encodeSseEvent` writes them (a graph's own, `event: node-start` and the like, as plain JSON); a takeover
 * is `event: lode-resumed`, the end `event: lode-finished`.
 */
export function encodeRunStreamItem({ id, entry }: RunStreamItem<DurableRunEvent>): string {
  if (entry.kind === "event") {
    const { event } = entry;
    if (!isGraphRunEvent(event)) return encodeSseEvent(event, id);
    return `event: ${event.type}\nid: ${id}\ndata: ${stringifyGraphRunEvent(event)}\n\n`;
  }
  return `event: lode-${entry.kind}\nid: ${id}\ndata: ${JSON.stringify(entry)}\n\n`;
}

/** A run's stream as SSE bytes, after `lastEventId` when given; ends after `lode-finished`. */
export function runEventsSseStream(
  queue: RunQueue,
  runId: string,
  lastEventId: string | undefined,
  options: SseOptions = {},
): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const items = queue.read(runId, { signal: stop.signal, ...(lastEventId ? { after: lastEventId } : {}) });
  return createSseBody(
    {
      async next() {
        const item = await items.next();
        return item.done ? undefined : encodeRunStreamItem(item.value);
      },
      async cancel() {
        stop.abort();
        await items.return(undefined);
      },
    },
    options,
  );
}

/** A Fetch API `Response` of a run's events, going on after the request's `Last-Event-ID`. */
export function runEventsSseResponse(
  queue: RunQueue,
  runId: string,
  request: Pick<Request, "headers">,
  options: SseOptions = {},
): Response {
  const lastEventId = request.headers.get("last-event-id") ?? undefined;
  return new Response(runEventsSseStream(queue, runId, lastEventId, options), { headers: SSE_HEADERS });
}

/** Writes a run's events to a Node response, going on after the request's `Last-Event-ID`. */
export function pipeRunEventsToNodeResponse(
  queue: RunQueue,
  runId: string,
  request: IncomingMessage,
  response: ServerResponse,
  options: SseOptions = {},
): Promise<void> {
  const header = request.headers["last-event-id"];
  const lastEventId = Array.isArray(header) ? header[0] : header;
  return pipeToNodeResponse(runEventsSseStream(queue, runId, lastEventId, options), response, SSE_HEADERS);
}
