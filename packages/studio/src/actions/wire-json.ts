/**
 * `value` as the AWS SDK puts it on the wire: bytes (a `Uint8Array`, or Lode's `{ "$bytes": base64 }` when
 * a run record came through JSON) as base64 strings, `undefined` fields left out. Recordings hold the JSON
 * Bedrock received, and strict replay compares against exactly that.
 */
export function wireJson(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : wireJson(item)));
  if (typeof value !== "object" || value === null) return value;
  const bytes = (value as { $bytes?: unknown }).$bytes;
  if (typeof bytes === "string" && Object.keys(value).length === 1) return bytes;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = wireJson(item);
  return out;
}
