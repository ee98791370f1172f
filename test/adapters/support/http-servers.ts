import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface TestServer {
  url: string;
  /** The Unix socket the server listens on instead of loopback TCP, when one was asked for. */
  socketPath: string | undefined;
  close(): Promise<void>;
}

/** Where a server listens: loopback TCP (the default), or a Unix socket, whose buffers are small and fixed. */
export interface ListenOptions {
  socketPath?: string;
}

/** A `node:http` server on loopback whose handler answers each request. */
export async function serveNode(
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  options: ListenOptions = {},
): Promise<TestServer> {
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  return listen(server, options.socketPath);
}

/**
 * A server whose handler takes a Fetch API `Request` and returns a `Response`, as Next.js route handlers,
 * Hono, Bun and Deno do: `node:http` underneath, the body written through `Readable.fromWeb`, so a client
 * that goes away destroys the readable, which cancels the response's body.
 */
export function serveFetch(
  handler: (request: Request) => Promise<Response>,
  options: ListenOptions = {},
): Promise<TestServer> {
  return serveNode(async (incoming, outgoing) => {
    const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
    const request = new Request(`http://${incoming.headers.host}${incoming.url}`, {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    } as RequestInit);
    const response = await handler(request);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.flushHeaders();
    if (!response.body) {
      outgoing.end();
      return;
    }
    await pipeline(
      Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
      outgoing,
    ).catch(() => {
      // The client went away: the pipeline destroyed the readable, which cancelled the body.
    });
  }, options);
}

function listen(server: Server, socketPath: string | undefined): Promise<TestServer> {
  return new Promise((resolve) => {
    const onListening = () => {
      const address = server.address();
      resolve({
        url: socketPath ? "http://localhost" : `http://127.0.0.1:${(address as AddressInfo).port}`,
        socketPath,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    };
    if (socketPath) server.listen(socketPath, onListening);
    else server.listen(0, "127.0.0.1", onListening);
  });
}
