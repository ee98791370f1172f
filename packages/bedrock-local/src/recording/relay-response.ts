import type { Readable } from "node:stream";
import type { AnyResponse } from "../http/exchange.js";
import { forwardedResponseHeaders } from "./forwarded-headers.js";

/** The upstream's answer as it arrives: status and headers first, then the body as a stream. */
export interface UpstreamAnswer {
  status: number;
  headers: NodeJS.Dict<string | string[]>;
  body: Readable;
}

export interface RelaySignals {
  /** Fires when the client went away (see `clientGoneSignal`): the relay breaks off. */
  clientGone: AbortSignal;
  /**
   * Fires when the caller wants the relay to stop between two chunks and leave the response open, to end
   * it itself (the bidirectional proxy, with an exception frame for bad client input).
   */
  stop?: AbortSignal;
}

/**
 * How a relay ended: the whole body (the response still open, for the caller to end once recorded);
 * `broken` when either side broke off (both are then torn down); `stopped` when the caller asked.
 */
export type RelayOutcome = { kind: "complete"; body: Buffer } | { kind: "broken" } | { kind: "stopped" };

/**
 * Streams the upstream's answer to the client chunk by chunk (event streams are never held back) while
 * keeping a copy, with backpressure from the client.
 */
export function relayResponse(
  answer: UpstreamAnswer,
  response: AnyResponse,
  signals: RelaySignals,
): Promise<RelayOutcome> {
  const { body } = answer;
  const { clientGone, stop } = signals;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: RelayOutcome) => {
      if (settled) return;
      settled = true;
      clientGone.removeEventListener("abort", broken);
      stop?.removeEventListener("abort", stopped);
      body.off("data", relay);
      if (outcome.kind !== "complete") body.destroy();
      if (outcome.kind === "broken") response.destroy();
      resolve(outcome);
    };
    const broken = () => settle({ kind: "broken" });
    const stopped = () => settle({ kind: "stopped" });
    // Checked before anything is written: a client gone already will never send a `close` again.
    if (clientGone.aborted) return broken();
    if (stop?.aborted) return stopped();
    clientGone.addEventListener("abort", broken, { once: true });
    stop?.addEventListener("abort", stopped, { once: true });

    response.writeHead(answer.status, forwardedResponseHeaders(answer.headers));
    const chunks: Buffer[] = [];
    let ended = false;
    function relay(chunk: Buffer) {
      chunks.push(chunk);
      let written: boolean;
      try {
        // The HTTP/1 and HTTP/2 responses' write overloads differ; both take a Buffer.
        written = (response as NodeJS.WritableStream).write(chunk);
      } catch {
        // Thrown inside the upstream's `data` event, it would escape as an uncaught exception.
        return broken();
      }
      if (!written) {
        body.pause();
        // A client that leaves never drains: its `close` (the clientGone signal) settles the relay instead.
        response.once("drain", () => {
          if (!settled) body.resume();
        });
      }
    }
    body.on("data", relay);
    body.on("end", () => {
      ended = true;
      settle({ kind: "complete", body: Buffer.concat(chunks) });
    });
    body.on("error", broken);
    body.on("close", () => {
      if (!ended) broken();
    });
  });
}
