/** `value` as the UTF-8 JSON bytes an InvokeModel body is sent as. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
