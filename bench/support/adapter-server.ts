import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  type Agent,
  pipeSseToNodeResponse,
  pipeUIMessageStreamToNodeResponse,
  toSseResponse,
} from "@lode/core";

/** The routes of the adapter server: one per way of sending a run over HTTP. */
export const ROUTES = {
  /** Lode's SSE written by `pipeSseToNodeResponse`. */
  pipeSse: "/pipe-sse",
  /** Lode's SSE as the `Response` of `toSseResponse`, written through `Readable.fromWeb` as a fetch-style server does. */
  sseResponse: "/sse-response",
  /** The AI SDK's UI message stream, written by `pipeUIMessageStreamToNodeResponse`. */
  uiStream: "/ui-stream",
  /** One canned SSE event at once, no agent: what loopback HTTP itself costs. */
  floor: "/floor",
} as const;

/** A loopback HTTP server running `agent` on each POSTed `{ input }`, answering on each of `ROUTES`. */
export async function startAdapterServer(agent: Agent): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    if (request.url === ROUTES.floor) {
      await bodyText(request);
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end('data: {"type":"text-delta"}\n\n');
      return;
    }
    const { input } = JSON.parse(await bodyText(request)) as { input: string };
    const stream = agent.stream(input);
    if (request.url === ROUTES.pipeSse) {
      await pipeSseToNodeResponse(stream, response);
    } else if (request.url === ROUTES.uiStream) {
      await pipeUIMessageStreamToNodeResponse(stream, response);
    } else {
      const sse = toSseResponse(stream);
      response.writeHead(sse.status, Object.fromEntries(sse.headers));
      response.flushHeaders();
      await pipeline(Readable.fromWeb(sse.body as NodeReadableStream), response).catch(() => {});
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function bodyText(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}
