import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { ConnectionTimeouts } from "./connection-timeouts.js";
import { http1RequestTimeouts } from "./http1-request-timeouts.js";
import { listenOn } from "./listen-on.js";
import { replayDuplex } from "./replay-duplex.js";

/** The HTTP/2 connection preface a client sends first when it speaks HTTP/2 with prior knowledge. */
const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** One handler for both protocols: Node's HTTP/2 compatibility API mirrors `http`'s request and response. */
export type DualRequestHandler = (
  request: http.IncomingMessage | http2.Http2ServerRequest,
  response: http.ServerResponse | http2.Http2ServerResponse,
) => void;

export interface DualProtocolServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on one TCP port and serves HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on it,
 * telling them apart by the first bytes each connection sends.
 */
export async function listenDualProtocol(options: {
  host: string;
  port: number;
  handler: DualRequestHandler;
  timeouts: ConnectionTimeouts;
  maxConcurrentStreams?: number;
}): Promise<DualProtocolServer> {
  const { headersMs, bodyMs, idleMs } = options.timeouts;
  const http1 = http.createServer({ keepAliveTimeout: idleMs }, options.handler);
  const http1Timeouts = http1RequestTimeouts(options.timeouts);
  http1.prependListener("request", http1Timeouts.onRequest);
  const h2 = http2.createServer(
    { settings: { maxConcurrentStreams: options.maxConcurrentStreams ?? 1000 } },
    options.handler,
  );
  // Errors on one connection must never reach the process: answer what can be answered, drop the rest.
  http1.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  h2.on("sessionError", () => {});
  h2.on("session", (session) => {
    session.on("error", () => {});
    closeWhenIdle(session, { idleMs, bodyMs });
  });

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    // Stream frames are small writes; Nagle's algorithm would hold each one back for the client's ACK.
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    sniffProtocol(socket, headersMs, (isHttp2, peeked) => {
      if (isHttp2) h2.emit("connection", replayDuplex(socket, peeked));
      else {
        // The HTTP/1 server may read the native handle directly, so unshifted bytes would be lost;
        // its parser also listens for 'data', so the peeked bytes are handed over that way.
        http1Timeouts.watch(socket);
        http1.emit("connection", socket);
        socket.emit("data", peeked);
        socket.resume();
      }
    });
  });

  const port = await listenOn(tcp, options.port, options.host);

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        http1.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * Reads until the bytes either match or rule out the HTTP/2 preface, then hands them over. A connection
 * that sends nothing, or half a preface, for `headersMs` is closed.
 */
function sniffProtocol(
  socket: net.Socket,
  headersMs: number,
  decide: (isHttp2: boolean, peeked: Buffer) => void,
): void {
  let peeked = Buffer.alloc(0);
  const giveUp = () => socket.destroy();
  socket.setTimeout(headersMs);
  socket.once("timeout", giveUp);
  const onData = (data: Buffer) => {
    peeked = Buffer.concat([peeked, data]);
    const compared = Math.min(peeked.length, HTTP2_PREFACE.length);
    const prefixMatches = peeked.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
    if (prefixMatches && peeked.length < HTTP2_PREFACE.length) return;
    socket.off("data", onData);
    socket.off("timeout", giveUp);
    socket.setTimeout(0);
    socket.pause();
    decide(prefixMatches, peeked);
  };
  socket.on("data", onData);
}

/**
 * Closes an HTTP/2 session once it has been quiet for `idleMs` with no stream open, and cancels a stream
 * whose request stays silent for `bodyMs` before its body ends (a body shorter than its Content-Length, a
 * client gone mid-upload): a stalled stream would otherwise keep its session open for ever. A stream whose
 * body goes on for its whole life (a bidirectional one) is cancelled only after `bodyMs` of silence both ways.
 */
export function closeWhenIdle(
  session: http2.ServerHttp2Session,
  timeouts: { idleMs: number; bodyMs: number },
): void {
  const { idleMs, bodyMs } = timeouts;
  let open = 0;
  const closeIfIdle = () => {
    if (open === 0) session.close();
  };
  // One listener for the session's life: `setTimeout(ms, callback)` would add the callback again each time.
  session.on("timeout", closeIfIdle);
  session.on("stream", (stream) => {
    open++;
    stream.once("close", () => {
      // The session's timer fires once per quiet spell: one that passed while this stream was open is
      // spent, so it is armed again for the quiet that starts now.
      if (--open === 0 && !session.closed && !session.destroyed) session.setTimeout(idleMs);
    });
    stream.setTimeout(bodyMs, () => stream.close(http2.constants.NGHTTP2_CANCEL));
    // The request is whole: how long the answer takes is the operation's business.
    stream.once("end", () => stream.setTimeout(0));
  });
  session.setTimeout(idleMs);
}
