import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { type StudioEndpoint, TOKEN_HEADER } from "./studio-endpoint.js";

/**
 * The reporter's connection pool: kept alive between batches, its sockets unref'd so an idle connection to
 * the studio never keeps a script running.
 */
export function reporterAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 4 });
}

/** A socket that does not hold the process open (its own `unref`, once connected or not). */
export function unrefSocket(socket: Socket): void {
  socket.unref();
}

/**
 * POSTs `body` (JSON) to the studio's `path`; resolves true on a 2xx answer, false on anything else (an
 * error status, a refused connection, no answer within `timeoutMs`). Never rejects.
 */
export function postJson(
  endpoint: StudioEndpoint,
  agent: Agent,
  path: string,
  body: string,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    // The whole exchange, connecting included, is bounded: a studio that accepts and never answers costs
    // one timeout, not a stuck queue.
    const timer = setTimeout(() => {
      req.destroy(new Error("studio did not answer in time"));
      settle(false);
    }, timeoutMs);
    timer.unref();
    const req = request(new URL(path, endpoint.base), {
      method: "POST",
      agent,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        [TOKEN_HEADER]: endpoint.token,
      },
    });
    req.on("socket", unrefSocket);
    req.on("error", () => settle(false));
    // A connection closed before the answer ended (after it, the exchange is already settled).
    req.on("close", () => settle(false));
    req.on("response", (res) => {
      res.on("error", () => settle(false));
      res.on("end", () =>
        settle(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300),
      );
      res.resume();
    });
    req.end(body);
  });
}
