import type { Readable } from "node:stream";
import type { AnyResponse } from "../http/exchange.js";
import { forwardedResponseHeaders } from "./forwarded-headers.js";

/** The upstream's answer as it arrives: status and headers first, then the body as a stream. */
export interface UpstreamAnswer {
  status: number;
  headers: NodeJS.Dict<string | string[]>;
  body: Readable;
}

/**
 * Streams the upstream's answer to the client chunk by chunk (event streams are never held back) while
 * keeping a copy, with backpressure from the client. Resolves with the whole body, or `undefined` when
 * either side broke off (both are then torn down). Leaves the client's response open: the caller ends it
 * once the recording is written.
 */
export function relayResponse(answer: UpstreamAnswer, response: AnyResponse): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    response.writeHead(answer.status, forwardedResponseHeaders(answer.headers));
    const { body } = answer;
    const chunks: Buffer[] = [];
    let ended = false;
    let settled = false;
    const settle = (complete: Buffer | undefined) => {
      if (settled) return;
      settled = true;
      if (complete === undefined) {
        body.destroy();
        response.destroy();
      }
      resolve(complete);
    };
    body.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // The HTTP/1 and HTTP/2 responses' write overloads differ; both take a Buffer.
      if (!(response as NodeJS.WritableStream).write(chunk)) {
        body.pause();
        response.once("drain", () => body.resume());
      }
    });
    body.on("end", () => {
      ended = true;
      settle(Buffer.concat(chunks));
    });
    body.on("error", () => settle(undefined));
    body.on("close", () => {
      if (!ended) settle(undefined);
    });
    response.on("close", () => {
      if (!response.writableEnded) settle(undefined);
    });
  });
}
