import http2 from "node:http2";
import type net from "node:net";
import type tls from "node:tls";
import type { ConnectionTimeouts } from "./connection-timeouts.js";
import { http1RequestTimeouts } from "./http1-request-timeouts.js";
import { closeWhenIdle, type DualProtocolServer, type DualRequestHandler } from "./listen-dual-protocol.js";
import { listenOn } from "./listen-on.js";

/** The key and certificate (PEM) an HTTPS bedrock-local presents; a self-signed pair is enough for tests. */
export interface TlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
}

/**
 * Listens over TLS and serves HTTP/2 and HTTP/1.1 on one port, as Bedrock's endpoint does: ALPN picks the
 * protocol (the JS SDK offers `h2`; curl, boto3 and fetch-based clients may speak HTTP/1.1), so nothing
 * has to be sniffed and both protocols run on Node's native parsers.
 */
export async function listenTls(options: {
  host: string;
  port: number;
  handler: DualRequestHandler;
  tls: TlsOptions;
  timeouts: ConnectionTimeouts;
  maxConcurrentStreams?: number;
}): Promise<DualProtocolServer> {
  const server = http2.createSecureServer(
    {
      key: options.tls.key,
      cert: options.tls.cert,
      allowHTTP1: true,
      // A connection that never finishes its TLS handshake is closed as one that never shows its protocol.
      handshakeTimeout: options.timeouts.headersMs,
      settings: { maxConcurrentStreams: options.maxConcurrentStreams ?? 1000 },
    },
    options.handler,
  );
  // Errors on one connection must never reach the process.
  server.on("sessionError", () => {});
  server.on("session", (session) => {
    session.on("error", () => {});
    closeWhenIdle(session, options.timeouts);
  });
  server.on("tlsClientError", () => {});
  // HTTP/1.1 connections (ALPN chose it, or the client offered nothing) get the cleartext server's limits.
  const http1Timeouts = http1RequestTimeouts(options.timeouts);
  server.prependListener("request", http1Timeouts.onRequest);
  server.on("secureConnection", (socket: tls.TLSSocket) => {
    if (socket.alpnProtocol !== "h2") http1Timeouts.watch(socket);
  });
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    // Stream frames are small writes; Nagle's algorithm would hold each one back for the client's ACK.
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
  });

  const port = await listenOn(server, options.port, options.host);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
