import { parseWithBytes, stringifyWithBytes } from "./json-bytes.js";

/**
 * A request body as JSON text, as `streamAgent` sends it: bytes anywhere in it (an image or document the
 * user attached) become `{ "$bytes": "<base64>" }`, the convention of the events coming back, since plain
 * JSON would turn a `Uint8Array` into an object of numbered keys. `parseAgentRequest` reads it back.
 */
export function stringifyAgentRequest(body: unknown): string {
  return stringifyWithBytes(body);
}

/**
 * A request body from `stringifyAgentRequest`'s JSON, `{ "$bytes": … }` back to `Uint8Array`. The result
 * is whatever the client sent: validate it before running anything with it. Throws `SyntaxError` on text
 * that is not JSON.
 */
export function parseAgentRequest(json: string): unknown {
  return parseWithBytes(json);
}
