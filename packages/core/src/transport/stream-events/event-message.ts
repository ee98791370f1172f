import { crc32 } from "node:zlib";

/** One event-stream message read without the SDK's codec: its two routing headers and its body's place. */
export interface EventMessage {
  /** `:message-type`: "event", "exception" or "error". */
  readonly messageType: string | undefined;
  /** `:event-type`: which member of the output union the body is. */
  readonly eventType: string | undefined;
  /** The whole message as a Buffer view (no copy), to decode the body from. */
  readonly bytes: Buffer;
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

/**
 * Reads a message the way the SDK's `EventStreamCodec.decode` does (lengths, both CRC32 checksums, headers),
 * but only for the messages Bedrock sends: every header a string. Anything else (a checksum that does not
 * match, a length that does not add up, a header of another type) gives `undefined`, and the SDK's codec
 * reads that message instead, so it is the SDK that refuses it, with its own error. Why not the codec every
 * time: it decodes each header name and value through `toUtf8` and checksums in JavaScript, about a sixth of
 * the reader's time (bench/profile); this checks with zlib's native CRC32 and reads names without decoding.
 */
export function readEventMessage(frame: Uint8Array): EventMessage | undefined {
  const length = frame.byteLength;
  if (length < MIN_MESSAGE) return undefined;
  const bytes = Buffer.from(frame.buffer, frame.byteOffset, length);
  if (bytes.readUInt32BE(0) !== length) return undefined;
  const headersLength = bytes.readUInt32BE(4);
  const bodyStart = PRELUDE + headersLength;
  const bodyEnd = length - CHECKSUM;
  if (bodyStart > bodyEnd) return undefined;
  const preludeChecksum = crc32(bytes.subarray(0, 8));
  if (preludeChecksum !== bytes.readUInt32BE(8)) return undefined;
  if (crc32(bytes.subarray(8, bodyEnd), preludeChecksum) !== bytes.readUInt32BE(bodyEnd)) return undefined;
  let messageType: string | undefined;
  let eventType: string | undefined;
  for (let position = PRELUDE; position < bodyStart; ) {
    const nameStart = position + 1;
    const nameEnd = nameStart + (bytes[position] as number);
    // Past the headers' end, or not a string (type 7): the codec reads it (and refuses it, if it must).
    if (nameEnd + 3 > bodyStart || bytes[nameEnd] !== STRING_HEADER) return undefined;
    const valueStart = nameEnd + 3;
    const valueEnd = valueStart + bytes.readUInt16BE(nameEnd + 1);
    if (valueEnd > bodyStart) return undefined;
    if (isName(bytes, nameStart, nameEnd, MESSAGE_TYPE))
      messageType = bytes.toString("utf8", valueStart, valueEnd);
    else if (isName(bytes, nameStart, nameEnd, EVENT_TYPE))
      eventType = bytes.toString("utf8", valueStart, valueEnd);
    position = valueEnd;
  }
  return { messageType, eventType, bytes, bodyStart, bodyEnd };
}

/** The prelude: total length, headers' length, and the prelude's checksum, 4 bytes each. */
const PRELUDE = 12;
const CHECKSUM = 4;
const MIN_MESSAGE = PRELUDE + CHECKSUM;
/** The header value type of a UTF-8 string, the only one Bedrock's messages carry. */
const STRING_HEADER = 7;
const MESSAGE_TYPE = Buffer.from(":message-type");
const EVENT_TYPE = Buffer.from(":event-type");

/** Whether the header name at `start..end` is `name`, compared as bytes. */
function isName(bytes: Buffer, start: number, end: number, name: Buffer): boolean {
  return end - start === name.length && bytes.compare(name, 0, name.length, start, end) === 0;
}
