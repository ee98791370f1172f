import type { AgentEvent } from "@lode/core";
import { streamAgent } from "@lode/core/client";
import { ROUTES } from "./adapter-server.js";

/** A way of reading a run over HTTP, as a browser would: each resolves to ms to the first text token. */
export type HttpReader = (url: string, prompt: string) => Promise<number>;

async function firstTokenOf(events: AsyncIterable<AgentEvent>, started: number): Promise<number> {
  let first = Number.NaN;
  for await (const event of events)
    if (Number.isNaN(first) && event.type === "text-delta") first = performance.now() - started;
  return first;
}

/** The UI message stream read as `useChat` gets it: SSE `data:` lines of JSON chunks. */
async function firstUIToken(url: string, prompt: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", body: JSON.stringify({ input: prompt }) });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let first = Number.NaN;
  let buffer = "";
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    buffer += next.value;
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
      const data = buffer.slice(buffer.indexOf("data: ") + 6, end);
      buffer = buffer.slice(end + 2);
      if (Number.isNaN(first) && data !== "[DONE]" && JSON.parse(data).type === "text-delta")
        first = performance.now() - started;
    }
  }
  return first;
}

/** The readers by route of the adapter server. */
export const HTTP_READERS: Record<keyof typeof ROUTES, HttpReader> = {
  pipeSse: (url, prompt) =>
    firstTokenOf(streamAgent(url + ROUTES.pipeSse, { input: prompt }), performance.now()),
  sseResponse: (url, prompt) =>
    firstTokenOf(streamAgent(url + ROUTES.sseResponse, { input: prompt }), performance.now()),
  uiStream: (url, prompt) => firstUIToken(url + ROUTES.uiStream, prompt),
  floor: async (url) => {
    const started = performance.now();
    const response = await fetch(url + ROUTES.floor, { method: "POST", body: "{}" });
    const reader = response.body!.getReader();
    await reader.read();
    const first = performance.now() - started;
    while (!(await reader.read()).done);
    return first;
  },
};
