import type { AgentStream } from "../agent/agent-stream.js";
import type { AgentEvent } from "../contracts/agent-event.js";
import { stringifyAgentEvent } from "../events/event-json.js";
import { pullEvents } from "./pull-events.js";
import { createSseBody, type SseOptions } from "./sse-body.js";

/**
 * One event as a Server-Sent Events message: `event: <type>`, `id: <id>` when given, and the event as one
 * line of JSON (see `stringifyAgentEvent`: bytes as `{ "$bytes": "<base64>" }`, the run's error as
 * `{ name, message, code }`), ended by a blank line.
 */
export function encodeSseEvent(event: AgentEvent, id?: number | string): string {
  const idLine = id === undefined ? "" : `id: ${id}\n`;
  return `event: ${event.type}\n${idLine}data: ${stringifyAgentEvent(event)}\n\n`;
}

/**
 * A run's events as a Server-Sent Events byte stream, numbered from 1 in `id`. The stream pulls one
 * event at a time, so a reader that stops reading holds the run back instead of growing a buffer;
 * cancelling the stream aborts the run. A failed run ends the stream normally after its `run-error`
 * message. `readAgentEvents` reads it back.
 */
export function toSseStream(
  stream: AgentStream<unknown>,
  options: SseOptions = {},
): ReadableStream<Uint8Array> {
  const events = pullEvents(stream);
  let count = 0;
  return createSseBody(
    {
      async next() {
        const event = await events.next();
        return event && encodeSseEvent(event, ++count);
      },
      cancel: () => events.cancel(),
    },
    options,
  );
}
