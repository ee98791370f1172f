import type http from "node:http";
import type http2 from "node:http2";
import type net from "node:net";
import type { ConnectionTimeouts } from "./connection-timeouts.js";

/**
 * Node's own server keeps an idle connection this long past the keep-alive it advertises, so a client that
 * reuses the connection just as its keep-alive ends is not cut off; the same grace is kept here.
 */
const KEEP_ALIVE_GRACE_MS = 1_000;

/** What one HTTP/1.1 connection is waiting for: its requests still being answered, the next headers' deadline. */
interface ConnectionState {
  answering: number;
  headersDeadline?: NodeJS.Timeout;
}

export interface Http1RequestTimeouts {
  /** Starts timing a connection just handed to the HTTP/1.1 server: its first request's headers are due. */
  watch(socket: net.Socket): void;
  /** A `request` listener for the server: times each HTTP/1.1 request's body and answer (HTTP/2 ones pass). */
  onRequest(
    request: http.IncomingMessage | http2.Http2ServerRequest,
    response: http.ServerResponse | http2.Http2ServerResponse,
  ): void;
}

/**
 * Holds HTTP/1.1 connections to the connection timeouts. Node's own `headersTimeout` and `requestTimeout`
 * cannot: they are checked only for an `http` server that listens itself, and the cleartext server is handed
 * its connections once their first bytes are sniffed (the TLS server's HTTP/1.1 fallback has neither, nor a
 * keep-alive limit). A connection is closed, with no answer, when
 * - a request's headers are not whole `headersMs` after the connection was handed over, or `headersMs` after
 *   the idle wait that follows the previous answer (bytes trickling in do not extend this deadline);
 * - a request's body is silent for `bodyMs` before it ends (shorter than its Content-Length);
 * - an answer is silent for `headersMs + bodyMs` (how long it takes is otherwise the operation's business);
 * - it sits idle between requests for `idleMs`.
 */
export function http1RequestTimeouts(timeouts: ConnectionTimeouts): Http1RequestTimeouts {
  const { headersMs, bodyMs, idleMs } = timeouts;
  const states = new WeakMap<net.Socket, ConnectionState>();

  const expectHeaders = (socket: net.Socket, state: ConnectionState, withinMs: number) => {
    clearTimeout(state.headersDeadline);
    state.headersDeadline = setTimeout(() => socket.destroy(), withinMs);
  };

  const watch = (socket: net.Socket): ConnectionState => {
    const state: ConnectionState = { answering: 0 };
    states.set(socket, state);
    expectHeaders(socket, state, headersMs);
    // One listener for every silence limit below; setTimeout(ms, callback) would add one per request.
    socket.on("timeout", () => socket.destroy());
    socket.once("close", () => clearTimeout(state.headersDeadline));
    return state;
  };

  return {
    watch: (socket) => {
      watch(socket);
    },
    onRequest: (request, response) => {
      if (request.httpVersionMajor !== 1) return;
      const socket = request.socket;
      const state = states.get(socket) ?? watch(socket);
      clearTimeout(state.headersDeadline);
      state.answering++;
      socket.setTimeout(bodyMs);
      request.once("end", () => {
        if (!response.writableFinished) socket.setTimeout(headersMs + bodyMs);
      });
      response.once("finish", () => {
        if (--state.answering > 0 || socket.destroyed) return;
        socket.setTimeout(idleMs + KEEP_ALIVE_GRACE_MS);
        expectHeaders(socket, state, idleMs + KEEP_ALIVE_GRACE_MS + headersMs);
      });
    },
  };
}
