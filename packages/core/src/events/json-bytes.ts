import { base64ToBytes, bytesToBase64 } from "./base64.js";

/**
 * Lode's one convention for bytes in JSON, used by events and requests alike: a `Uint8Array` (any typed
 * array or `DataView`, a Node `Buffer` included) becomes `{ "$bytes": "<base64>" }`, and only an object
 * with that one string key becomes bytes again.
 */

/**
 * A `JSON.stringify` replacer for bytes. It reads the value from its holder (`this`): `Buffer#toJSON` has
 * already turned a Buffer into `{ type, data }` by the time `value` arrives.
 */
export function replaceBytes(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown> | undefined)?.[key];
  if (typeof original !== "object" || original === null || !ArrayBuffer.isView(original)) return value;
  const bytes =
    original instanceof Uint8Array
      ? original
      : new Uint8Array(original.buffer, original.byteOffset, original.byteLength);
  return { $bytes: bytesToBase64(bytes) };
}

/** A `JSON.parse` reviver for bytes: `{ "$bytes": "<base64>" }` back to a `Uint8Array`. */
export function reviveBytes(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && "$bytes" in value) {
    const { $bytes } = value as { $bytes: unknown };
    if (typeof $bytes === "string" && Object.keys(value).length === 1) return base64ToBytes($bytes);
  }
  return value;
}

/** Whether JSON text may hold bytes: a cheap test that spares text without any the reviver's cost. */
export function mayHoldBytes(json: string): boolean {
  return json.includes('"$bytes"');
}

/** `value` as JSON text, bytes anywhere in it as `{ "$bytes": "<base64>" }`. */
export function stringifyWithBytes(value: unknown): string {
  return JSON.stringify(value, replaceBytes);
}

/** JSON text from `stringifyWithBytes`, `{ "$bytes": … }` back to `Uint8Array`; throws `SyntaxError` on bad JSON. */
export function parseWithBytes(json: string): unknown {
  return mayHoldBytes(json) ? JSON.parse(json, reviveBytes) : JSON.parse(json);
}
