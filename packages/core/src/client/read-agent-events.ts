import type { AgentEvent } from "../contracts/agent-event.js";
import { LodeError, type LodeErrorCode } from "../errors/lode-error.js";
import { parseAgentEvent } from "../events/event-json.js";
import { parseSse } from "./parse-sse.js";

/** Options of `readAgentEvents`. */
export interface ReadAgentEventsOptions {
  /** Stops reading: the stream is cancelled (so the server aborts the run) and reading throws `aborted`. */
  signal?: AbortSignal;
}

/**
 * Reads the Server-Sent Events of `toSseResponse`, `toSseStream` or `pipeSseToNodeResponse` back into
 * typed events, in the browser or on a server: bytes come back as `Uint8Array`, the `error` of `run-error`
 * as a `LodeError` (code, message, request id; not its cause). The events end with `run-end` or
 * `run-error`, as the run's own stream does, except that a failed run does not throw here: its
 * `run-error` is the last event. Throws a `LodeError` when the response is not a success (`not-found`,
 * `throttled`, … by status), when the stream ends before the run did (`network`), on an event that is
 * not JSON (`unknown`), and when `signal` aborts (`aborted`). Leaving the loop early cancels the stream:
 * the server sees the client go away and aborts the run.
 */
export async function* readAgentEvents(
  source: Response | ReadableStream<Uint8Array>,
  options: ReadAgentEventsOptions = {},
): AsyncGenerator<AgentEvent> {
  const { signal } = options;
  const body = "getReader" in source ? source : await responseBody(source);
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  let ended = false;
  let sawEnd = false;
  try {
    try {
      for await (const message of parseSse(reader)) {
        let event: AgentEvent;
        try {
          event = parseAgentEvent(message.data);
        } catch (error) {
          throw new LodeError("unknown", "The event stream carried an event that is not valid JSON.", {
            cause: error,
          });
        }
        if (event.type === "run-end" || event.type === "run-error") sawEnd = true;
        yield event;
      }
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      if (LodeError.isInstance(error)) throw error;
      throw new LodeError("network", "Reading the event stream failed.", { cause: error, retryable: true });
    }
    ended = true;
    if (signal?.aborted) throw abortedError(signal);
    if (!sawEnd)
      throw new LodeError("network", "The event stream ended before the run did.", { retryable: true });
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!ended) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

async function responseBody(response: Response): Promise<ReadableStream<Uint8Array>> {
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    const detail = text ? `: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}` : ".";
    throw new LodeError(codeForStatus(response.status), `The server answered ${response.status}${detail}`, {
      retryable: response.status === 429 || response.status >= 500,
    });
  }
  if (!response.body) throw new LodeError("network", "The response has no body to read events from.");
  return response.body;
}

function codeForStatus(status: number): LodeErrorCode {
  if (status === 400 || status === 422) return "invalid-request";
  if (status === 401 || status === 403) return "access-denied";
  if (status === 404) return "not-found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 409) return "conflict";
  if (status === 429) return "throttled";
  if (status === 503) return "service-unavailable";
  return "unknown";
}

function abortedError(signal: AbortSignal): LodeError {
  return new LodeError("aborted", "Reading the event stream was aborted.", { cause: signal.reason });
}
