import type { RecordedEvent } from "./recording-file.js";

/** Bytes each fixed-size header value type takes (types 6 and 7, bytes and string, carry a length). */
const FIXED_SIZES: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

/**
 * The events of raw `application/vnd.amazon.eventstream` bytes, for recordings that kept only the bytes
 * (the corpus and bedrock-local's recorder keep the decoded events too). Checksums are not verified: the
 * recording was verified when it was made.
 */
export function decodeEventStream(bytes: Buffer): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let offset = 0;
  while (offset + 16 <= bytes.length) {
    const total = bytes.readUInt32BE(offset);
    const headersLength = bytes.readUInt32BE(offset + 4);
    const headersEnd = offset + 12 + headersLength;
    const headers: Record<string, string> = {};
    let cursor = offset + 12;
    while (cursor < headersEnd) {
      const nameLength = bytes.readUInt8(cursor);
      const name = bytes.toString("utf8", cursor + 1, cursor + 1 + nameLength);
      const type = bytes.readUInt8(cursor + 1 + nameLength);
      cursor += 2 + nameLength;
      if (type === 6 || type === 7) {
        const length = bytes.readUInt16BE(cursor);
        if (type === 7) headers[name] = bytes.toString("utf8", cursor + 2, cursor + 2 + length);
        cursor += 2 + length;
      } else cursor += FIXED_SIZES[type] ?? 0;
    }
    const payload = bytes.toString("utf8", headersEnd, offset + total - 4);
    events.push({ headers, payload: payload ? (JSON.parse(payload) as Record<string, unknown>) : {} });
    offset += total;
  }
  return events;
}
