import { validationError } from "../http/aws-error.js";

/** The largest event-stream message AWS's event-stream implementations accept (aws-c-event-stream's limit). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Passes the input through unchanged, failing as soon as a frame announces a total length above `maxBytes`
 * (or below the 16 bytes of prelude and CRC). The framing library allocates a frame's whole length up front,
 * from the first four bytes, so without this a client could make the server hold gigabytes for one frame.
 * Only the length prefixes are read here; framing and decoding stay with the library.
 */
export async function* limitFrameSize(
  source: AsyncIterable<Uint8Array>,
  maxBytes = MAX_FRAME_BYTES,
): AsyncGenerator<Uint8Array> {
  /** Bytes of the current frame still to come after its length prefix; 0 at a frame boundary. */
  let remaining = 0;
  /** The bytes of a length prefix split across chunks. */
  let prefix: number[] = [];
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (remaining > 0) {
        const taken = Math.min(remaining, chunk.byteLength - offset);
        remaining -= taken;
        offset += taken;
        continue;
      }
      prefix.push(chunk[offset] as number);
      offset++;
      if (prefix.length < 4) continue;
      const length = Buffer.from(prefix).readUInt32BE(0);
      prefix = [];
      if (length > maxBytes || length < 16)
        throw validationError(`Input frame of ${length} bytes: frames must hold 16 to ${maxBytes} bytes.`);
      remaining = length - 4;
    }
    yield chunk;
  }
}
