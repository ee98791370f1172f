import type { AgentStream } from "../agent/agent-stream.js";
import type { SseOptions } from "./sse-body.js";
import { toSseStream } from "./sse-stream.js";

/**
 * The headers of Lode's event stream. No `connection: keep-alive`: HTTP/1.1 keeps connections alive
 * anyway, and HTTP/2 forbids the header (Node's `http2` rejects it).
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // Turns off response buffering in nginx and the proxies that follow it.
  "x-accel-buffering": "no",
};

/**
 * A Fetch API `Response` streaming a run's events as Server-Sent Events (see `toSseStream`), for route
 * handlers that return one: Next.js, Hono, Bun, Deno, Cloudflare. `init` sets the status and adds
 * headers (its headers win over `SSE_HEADERS`). When the client goes away the server cancels the body,
 * which aborts the run.
 */
export function toSseResponse(
  stream: AgentStream<unknown>,
  init: ResponseInit = {},
  options: SseOptions = {},
): Response {
  return new Response(toSseStream(stream, options), {
    ...init,
    headers: withDefaults(init.headers, SSE_HEADERS),
  });
}

/** `headers` with each of `defaults` that it does not set itself. */
export function withDefaults(
  headers: ResponseInit["headers"],
  defaults: Readonly<Record<string, string>>,
): Headers {
  const merged = new Headers(headers);
  for (const [name, value] of Object.entries(defaults)) if (!merged.has(name)) merged.set(name, value);
  return merged;
}
