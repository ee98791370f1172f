import type { ServerResponse } from "node:http";
import type { AgentStream } from "../agent/agent-stream.js";
import type { SseOptions } from "./sse-body.js";
import { SSE_HEADERS } from "./sse-response.js";
import { toSseStream } from "./sse-stream.js";
import type { UIMessageStreamOptions } from "./ui-message-mapper.js";
import { toUIMessageSseStream, UI_MESSAGE_STREAM_HEADERS } from "./ui-message-stream.js";

/**
 * Writes a run's events as Server-Sent Events (see `toSseStream`) to a Node `ServerResponse`: Express,
 * Fastify's `reply.raw`, `node:http`. Adds `SSE_HEADERS` the response does not set yet and sends the
 * headers at once. Honours backpressure (waits for `drain`), so a slow client slows the run. Resolves when
 * the run has ended and the response with it; when the client disconnects first, aborts the run and
 * resolves once the run has recorded the abort.
 */
export function pipeSseToNodeResponse(
  stream: AgentStream<unknown>,
  response: ServerResponse,
  options: SseOptions = {},
): Promise<void> {
  return pipeToNodeResponse(toSseStream(stream, options), response, SSE_HEADERS);
}

/**
 * Writes a run as the AI SDK's UI message stream (see `toUIMessageStreamResponse`) to a Node
 * `ServerResponse`, with backpressure and client disconnects handled as in `pipeSseToNodeResponse`.
 */
export function pipeUIMessageStreamToNodeResponse(
  stream: AgentStream<unknown>,
  response: ServerResponse,
  options: UIMessageStreamOptions & SseOptions = {},
): Promise<void> {
  return pipeToNodeResponse(toUIMessageSseStream(stream, options), response, UI_MESSAGE_STREAM_HEADERS);
}

/**
 * Writes any SSE byte stream (e.g. `createSseBody`'s) to a Node `ServerResponse`, with `headers` it does not
 * set yet, honouring backpressure; a client that disconnects cancels the body.
 */
export async function pipeToNodeResponse(
  body: ReadableStream<Uint8Array>,
  response: ServerResponse,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  if (!response.headersSent) {
    for (const [name, value] of Object.entries(headers))
      if (!response.hasHeader(name)) response.setHeader(name, value);
    response.flushHeaders();
  }
  const reader = body.getReader();
  let gone = false;
  let cancelling: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const onClose = () => {
    if (response.writableEnded) return;
    gone = true;
    cancelling ??= reader.cancel().catch(() => {});
    wake?.();
  };
  const onDrain = () => wake?.();
  response.on("close", onClose);
  response.on("drain", onDrain);
  try {
    if (response.destroyed) onClose();
    while (!gone) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      if (response.destroyed) {
        onClose();
        break;
      }
      if (!response.write(value)) {
        // Wait for the client to take what is buffered (or go away) before reading the next event.
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    }
    if (!gone) response.end();
  } catch (error) {
    response.destroy(error as Error);
    throw error;
  } finally {
    response.off("close", onClose);
    response.off("drain", onDrain);
    await cancelling;
  }
}
