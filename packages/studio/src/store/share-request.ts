import type { ConverseStreamRequest, Message } from "@aws-sdk/client-bedrock-runtime";

/** Distinct system prompts and tool lists kept for sharing; beyond it the cache starts over. */
const MAX_SHARED_PARTS = 64;

/**
 * Makes the requests the store keeps share what they repeat. Every step's request carries the system
 * prompt, the tools and the whole history again, each a fresh copy out of JSON: a 20-step run would hold
 * its history 20 times. Parts equal to one seen before are replaced by that one: the system prompt and
 * tools across all runs, the messages within a run (`seen`, by their JSON text, kept while it runs).
 */
export class RequestSharing {
  readonly #parts = new Map<string, unknown>();

  share(request: ConverseStreamRequest, seen: Map<string, Message>): ConverseStreamRequest {
    const shared = { ...request };
    if (request.system) shared.system = this.#part("system", request.system);
    if (request.toolConfig) shared.toolConfig = this.#part("toolConfig", request.toolConfig);
    if (Array.isArray(request.messages))
      shared.messages = request.messages.map((message) => shareMessage(message, seen));
    return shared;
  }

  #part<T>(name: string, value: T): T {
    const key = `${name}\n${keyOf(value)}`;
    const known = this.#parts.get(key);
    if (known !== undefined) return known as T;
    if (this.#parts.size >= MAX_SHARED_PARTS) this.#parts.clear();
    this.#parts.set(key, value);
    return value;
  }
}

/** The message already kept that equals `message`, else `message` (kept from now on). */
export function shareMessage(message: Message, seen: Map<string, Message>): Message {
  const key = keyOf(message);
  const known = seen.get(key);
  if (known) return known;
  seen.set(key, message);
  return message;
}

/**
 * A value's JSON text as a key: bytes (a parsed report holds `Uint8Array`s, never Buffers) as their base64,
 * so two images are equal when their bytes are.
 */
function keyOf(value: unknown): string {
  return JSON.stringify(value, bytesAsBase64);
}

function bytesAsBase64(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array
    ? { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") }
    : value;
}
