import type { ServerResponse } from "node:http";

/** How often an idle event stream sends a comment, so proxies and sockets keep it open. */
const HEARTBEAT_MS = 15_000;

/** Unsent bytes beyond which a stream's reader is taken to be gone (a stalled tab): it is cut, not buffered. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** One server-sent events stream: `send` writes a `data:` event of JSON; `closed` resolves when it ends. */
export interface EventStream {
  send(value: unknown): void;
  close(): void;
  readonly closed: Promise<void>;
}

/** Starts a server-sent events answer on `response`. */
export function openEventStream(response: ServerResponse): EventStream {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  response.write(": open\n\n");
  const heartbeat = setInterval(() => response.write(": ping\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  const closed = new Promise<void>((resolve) => {
    response.once("close", () => {
      clearInterval(heartbeat);
      resolve();
    });
  });
  return {
    send(value) {
      if (response.writableEnded || response.destroyed) return;
      if (response.writableLength > MAX_BUFFERED_BYTES) {
        response.destroy();
        return;
      }
      response.write(`data: ${JSON.stringify(value)}\n\n`);
    },
    close() {
      clearInterval(heartbeat);
      response.end();
    },
    closed,
  };
}
