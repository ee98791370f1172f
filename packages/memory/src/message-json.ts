import type { Message } from "@aws-sdk/client-bedrock-runtime";

/**
 * JSON for stored messages: bytes (image, document and video blocks, redacted reasoning) become
 * `{"$bytes": base64}`, and come back as `Uint8Array`.
 */
export function messagesToJson(messages: Message[]): string {
  return JSON.stringify(messages, bytesReplacer);
}

/** One message as JSON (see `messagesToJson`). */
export function messageToJson(message: Message): string {
  return JSON.stringify(message, bytesReplacer);
}

/** Parses JSON written by `messagesToJson` or `messageToJson`, restoring bytes. */
export function parseMessageJson<T = Message[]>(text: string): T {
  return JSON.parse(text, bytesReviver) as T;
}

/** Restores bytes in a value already parsed from JSON (a `jsonb` column, say). */
export function reviveBytes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reviveBytes) as T;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, inner]) => [key, reviveBytes(inner)]);
    return bytesReviver("", Object.fromEntries(entries)) as T;
  }
  return value;
}

/** Turns a message into plain JSON values with bytes as `{"$bytes": base64}` (for `jsonb` columns). */
export function encodeBytes<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, bytesReplacer));
}

function bytesReplacer(this: unknown, key: string, value: unknown): unknown {
  // `Buffer` has a `toJSON`, so read the raw property rather than the value it produced.
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array)
    return { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") };
  return value;
}

function bytesReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const bytes = (value as { $bytes?: unknown }).$bytes;
    if (keys.length === 1 && typeof bytes === "string") return new Uint8Array(Buffer.from(bytes, "base64"));
  }
  return value;
}
