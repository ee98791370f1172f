import { EventStreamCodec } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { isJsonObject } from "../models/model-turn.js";
import { scrubAccountIds } from "./scrub-account-ids.js";
import { type ScrubbableFrame, scrubSplitDeltas } from "./scrub-split-deltas.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One decoded frame, in the recordings format. */
export interface RecordedEvent {
  headers: Record<string, string>;
  /** The payload as JSON, or its text when it is not JSON. */
  payload: unknown;
  /** For InvokeModelWithResponseStream chunks: the JSON (or text) that `payload.bytes` holds in base64. */
  bytesDecoded?: unknown;
}

export interface RecordedEventStream {
  /** The stream's bytes with account ids scrubbed; frames untouched by scrubbing are byte for byte as sent. */
  bytes: Buffer;
  events: RecordedEvent[];
}

/**
 * Decodes raw `application/vnd.amazon.eventstream` bytes (CRCs checked) into recorded events, scrubbing
 * account ids from payloads and from base64 chunk bytes. A frame whose payload changed is encoded again so
 * the recorded bytes stay a valid stream. Bytes after the last whole, valid frame (a stream cut short) are
 * kept as they came and not decoded.
 */
export function decodeEventStream(raw: Buffer): RecordedEventStream {
  const frames: DecodedFrame[] = [];
  let offset = 0;
  while (offset + 4 <= raw.length) {
    const length = raw.readUInt32BE(offset);
    if (length < 16 || offset + length > raw.length) break;
    const bytes = raw.subarray(offset, offset + length);
    let message: Message;
    try {
      message = codec.decode(bytes);
    } catch {
      break;
    }
    const original = toUtf8(message.body);
    const scrubbed = scrubPayload(original);
    frames.push({ bytes, message, original, headers: stringHeaders(message.headers), ...scrubbed });
    offset += length;
  }
  scrubSplitDeltas(frames);

  const parts = frames.map((frame) =>
    frame.text === frame.original
      ? frame.bytes
      : codec.encode({ headers: frame.message.headers, body: fromUtf8(frame.text) }),
  );
  parts.push(raw.subarray(offset));
  const events = frames.map((frame) => ({
    headers: frame.headers,
    payload: parseOrText(frame.text),
    ...(frame.bytesDecoded !== undefined ? { bytesDecoded: parseOrText(frame.bytesDecoded) } : {}),
  }));
  return { bytes: Buffer.concat(parts), events };
}

type Message = ReturnType<EventStreamCodec["decode"]>;

interface DecodedFrame extends ScrubbableFrame {
  bytes: Uint8Array;
  message: Message;
  /** The payload text as sent. */
  original: string;
  bytesDecoded?: string;
}

/** Scrubs a payload's text, including the base64 `bytes` of a model chunk, whose ARNs plain text hides. */
function scrubPayload(text: string): { text: string; bytesDecoded?: string } {
  const payload = parseOrText(text);
  const bytes = isJsonObject(payload) && typeof payload.bytes === "string" ? payload.bytes : undefined;
  if (bytes === undefined) return { text: scrubAccountIds(text) };
  const decoded = Buffer.from(bytes, "base64").toString("utf8");
  const bytesDecoded = scrubAccountIds(decoded);
  let scrubbedText = text;
  if (bytesDecoded !== decoded) {
    const encoded = Buffer.from(bytesDecoded, "utf8").toString("base64");
    // Replace the string in place to keep the payload's own serialisation; re-serialise only if it was escaped.
    scrubbedText = text.includes(bytes)
      ? text.replace(bytes, encoded)
      : JSON.stringify({ ...(payload as Record<string, unknown>), bytes: encoded });
  }
  return { text: scrubAccountIds(scrubbedText), bytesDecoded };
}

function stringHeaders(headers: Message["headers"]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, header] of Object.entries(headers)) {
    const { value } = header;
    result[name] =
      value instanceof Date
        ? value.toISOString()
        : value instanceof Uint8Array
          ? Buffer.from(value).toString("base64")
          : String(value);
  }
  return result;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
