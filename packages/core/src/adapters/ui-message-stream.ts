import type { AgentStream } from "../agent/agent-stream.js";
import { pullEvents } from "./pull-events.js";
import { createSseBody, type SseOptions } from "./sse-body.js";
import { withDefaults } from "./sse-response.js";
import type { UIMessageChunk } from "./ui-message-chunk.js";
import { createUIMessageMapper, type UIMessageStreamOptions } from "./ui-message-mapper.js";

/**
 * The headers of the AI SDK's UI message stream (protocol v1), as the `ai` package sends them, less
 * `connection: keep-alive`, which HTTP/2 forbids.
 */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
};

/**
 * A run as the AI SDK's UI message stream, so `useChat` and `readUIMessageStream` show it unchanged:
 * `start`, then per step `start-step`, text and reasoning parts (`*-start`, `*-delta`, `*-end`), tool
 * parts (`tool-input-start`/`-delta`/`-available`, then `tool-output-available` or `tool-output-error`),
 * citations as `source-document` or `source-url`, tool progress as transient `data-tool-progress`, and
 * `finish-step`; then `finish`, or `error` (`abort` when the run was aborted). With several agents, the
 * message metadata names the speaker (`{ agent, agentPath }`, again in `message-metadata` after a handoff),
 * each handoff is a `data-handoff` part, and a sub-agent's parts carry `providerMetadata.lode` (see
 * `createUIMessageMapper`). Pulled one event at a time; cancelling the stream aborts the run. The stream
 * has no way to take back parts: when a retry discards a partial step, the parts already sent stay, and
 * the retried step's parts follow them.
 */
export function toUIMessageStream(
  stream: AgentStream<unknown>,
  options: UIMessageStreamOptions = {},
): ReadableStream<UIMessageChunk> {
  const source = uiChunkSource(stream, options);
  let cancelled = false;
  return new ReadableStream<UIMessageChunk>(
    {
      async pull(controller) {
        const chunks = await source.next();
        if (cancelled) return;
        if (chunks === undefined) controller.close();
        else for (const chunk of chunks) controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
        return source.cancel();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * A Fetch API `Response` carrying the UI message stream as the AI SDK sends it: one `data: <json>`
 * Server-Sent Event per chunk, `data: [DONE]` last, with `UI_MESSAGE_STREAM_HEADERS` (`init`'s headers
 * win). Return it from the route handler `useChat` posts to.
 */
export function toUIMessageStreamResponse(
  stream: AgentStream<unknown>,
  init: ResponseInit = {},
  options: UIMessageStreamOptions & SseOptions = {},
): Response {
  return new Response(toUIMessageSseStream(stream, options), {
    ...init,
    headers: withDefaults(init.headers, UI_MESSAGE_STREAM_HEADERS),
  });
}

/** The UI message stream's Server-Sent Events as bytes: the body of `toUIMessageStreamResponse`. */
export function toUIMessageSseStream(
  stream: AgentStream<unknown>,
  options: UIMessageStreamOptions & SseOptions = {},
): ReadableStream<Uint8Array> {
  const source = uiChunkSource(stream, options);
  let done = false;
  return createSseBody(
    {
      async next() {
        if (done) return undefined;
        const chunks = await source.next();
        if (chunks === undefined) {
          done = true;
          return "data: [DONE]\n\n";
        }
        let text = "";
        for (const chunk of chunks) text += `data: ${JSON.stringify(chunk)}\n\n`;
        return text;
      },
      cancel: () => source.cancel(),
    },
    options,
  );
}

/** The chunks of each event that maps to any, read from the run one event at a time. */
function uiChunkSource(
  stream: AgentStream<unknown>,
  options: UIMessageStreamOptions,
): { next(): Promise<UIMessageChunk[] | undefined>; cancel(): Promise<void> } {
  const events = pullEvents(stream);
  const map = createUIMessageMapper(options);
  return {
    async next() {
      // A failed run's `run-error` event maps to the `error` chunk, the stream's last.
      for (let event = await events.next(); event; event = await events.next()) {
        const chunks = map(event);
        if (chunks.length > 0) return chunks;
      }
      return undefined;
    },
    cancel: () => events.cancel(),
  };
}
