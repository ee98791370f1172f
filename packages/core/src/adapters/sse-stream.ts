import type { AgentStream } from "../agent/agent-stream.js";
import type { AgentEvent } from "../events/agent-event.js";
import { stringifyAgentEvent } from "../events/event-json.js";
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
  const iterator = stream[Symbol.asyncIterator]();
  let count = 0;
  let ended = false;
  return createSseBody(
    {
      async next() {
        if (ended) return undefined;
        let next: IteratorResult<AgentEvent>;
        try {
          next = await iterator.next();
        } catch {
          // The run failed: the `run-error` event already went out as the last message.
          next = { done: true, value: undefined };
        }
        if (next.done) {
          ended = true;
          return undefined;
        }
        return encodeSseEvent(next.value, ++count);
      },
      async cancel() {
        ended = true;
        await iterator.return?.();
      },
    },
    options,
  );
}
