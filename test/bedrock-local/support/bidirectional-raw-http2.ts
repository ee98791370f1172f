import http2 from "node:http2";
import type { BedrockLocal } from "@lode/bedrock-local";
import { EventStreamCodec, type Message } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

/**
 * The SDK always signs its input, so input it would never send (unsigned, badly signed) is sent here over
 * a plain HTTP/2 stream. Frames are built with the same codec the SDK uses.
 */
export const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** An inner `chunk` event carrying `event` as its bytes, with `extra` payload fields (such as `p` padding). */
export function chunkEvent(event: unknown, extra: Record<string, string> = {}): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: "chunk" },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(
      JSON.stringify({ bytes: Buffer.from(JSON.stringify(event)).toString("base64"), ...extra }),
    ),
  });
}

/** `inner` in the `:date`/`:chunk-signature` envelope, with a signature of `signatureBytes` bytes. */
export function signed(inner: Uint8Array, signatureBytes = 32): Uint8Array {
  return codec.encode({
    headers: {
      ":date": { type: "timestamp", value: new Date() },
      ":chunk-signature": { type: "binary", value: new Uint8Array(signatureBytes).fill(7) },
    },
    body: inner,
  });
}

/** A whole signed input: each event as a signed `chunk` frame, then the empty signed frame that ends it. */
export function signedInput(events: unknown[]): Uint8Array[] {
  return [...events.map((event) => signed(chunkEvent(event))), signed(new Uint8Array(0))];
}

/**
 * Sends `frames` on one HTTP/2 stream (leaving the input open, as a live client would) and returns the
 * status and every output message once the server ends the response.
 */
export async function sendRaw(
  server: BedrockLocal,
  frames: Uint8Array[],
): Promise<{ status: number; messages: Message[] }> {
  const session = http2.connect(server.url);
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream",
      "content-type": "application/vnd.amazon.eventstream",
    });
    for (const frame of frames) stream.write(frame);
    let status = 0;
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const messages: Message[] = [];
    for (let offset = 0; offset < bytes.length; ) {
      const length = bytes.readUInt32BE(offset);
      messages.push(codec.decode(bytes.subarray(offset, offset + length)));
      offset += length;
    }
    return { status, messages };
  } finally {
    session.destroy();
  }
}
