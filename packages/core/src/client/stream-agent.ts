import type { AgentEvent } from "../contracts/agent-event.js";
import { LodeError } from "../errors/lode-error.js";
import { stringifyAgentRequest } from "../events/request-json.js";
import { readAgentEvents } from "./read-agent-events.js";

/** Options of `streamAgent`. */
export interface StreamAgentOptions {
  /** Aborts the request and the reading; the server sees the client go away and aborts the run. */
  signal?: AbortSignal;
  /** Headers added to the request (authorization, for example). */
  headers?: Record<string, string>;
  /** The `fetch` to use. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * POSTs `body` as JSON to `url`, a route that answers with Lode's Server-Sent Events (`toSseResponse`,
 * `pipeSseToNodeResponse`), and yields the run's events as `readAgentEvents` reads them. Bytes in `body`
 * (an attached image or document) go as `{ "$bytes": "<base64>" }`, as they come back in events: read the
 * body on the server with `readAgentRequest` (or `parseAgentRequest`) to get them back as `Uint8Array`. A request that
 * cannot be sent throws a `LodeError` (`network`, or `aborted` when `signal` aborted it).
 */
export async function* streamAgent(
  url: string | URL,
  body: unknown,
  options: StreamAgentOptions = {},
): AsyncGenerator<AgentEvent> {
  const { signal } = options;
  const send = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...options.headers },
      body: stringifyAgentRequest(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw new LodeError("aborted", "The request was aborted.", { cause: signal.reason });
    throw new LodeError("network", "The request could not be sent.", { cause: error, retryable: true });
  }
  yield* readAgentEvents(response, signal ? { signal } : {});
}
