import { LodeError } from "../errors/lode-error.js";
import { joinBytes } from "../events/join-bytes.js";
import { parseAgentRequest } from "../events/request-json.js";

/** Options of `readAgentRequest`. */
export interface ReadAgentRequestOptions {
  /** Refuse a body longer than this many bytes (base64 makes bytes a third longer). @default no limit */
  maxBytes?: number;
}

/**
 * Reads the body `streamAgent` POSTed, from a Fetch API `Request` or a Node `IncomingMessage` (any
 * iterable of byte chunks), with its bytes restored to `Uint8Array` (see `parseAgentRequest`). The result
 * is unvalidated client data. Throws a `LodeError` `invalid-request` when the body is missing, longer than
 * `maxBytes`, not UTF-8 or not JSON: answer it with a 4xx.
 *
 * ```ts
 * const { input } = (await readAgentRequest(request, { maxBytes: 10_000_000 })) as { input: RunInput };
 * ```
 */
export async function readAgentRequest(
  source: Request | AsyncIterable<Uint8Array>,
  options: ReadAgentRequestOptions = {},
): Promise<unknown> {
  const chunks = Symbol.asyncIterator in source ? source : chunksOf(source);
  const bytes = await collect(chunks, options.maxBytes ?? Number.POSITIVE_INFINITY);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new LodeError("invalid-request", "The request body is not UTF-8 text.", { cause: error });
  }
  try {
    return parseAgentRequest(text);
  } catch (error) {
    throw new LodeError("invalid-request", "The request body is not valid JSON.", { cause: error });
  }
}

/** The body of a Fetch API request as chunks, read through its reader (not every runtime iterates it). */
async function* chunksOf(request: Request): AsyncGenerator<Uint8Array> {
  if (!request.body) throw new LodeError("invalid-request", "The request has no body.");
  const reader = request.body.getReader();
  let done = false;
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) {
        done = true;
        return;
      }
      yield read.value;
    }
  } finally {
    // Left early (a body over the limit): the rest is not wanted, so the client need not send it.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of chunks) {
      // A Node request read after `setEncoding` yields strings: refuse them rather than miscount.
      if (!(chunk instanceof Uint8Array))
        throw new LodeError("invalid-request", "The request body must be read as bytes, not as text.");
      length += chunk.byteLength;
      // Stop reading at once: a body over the limit is not buffered whole.
      if (length > maxBytes)
        throw new LodeError("invalid-request", `The request body is longer than ${maxBytes} bytes.`);
      parts.push(chunk);
    }
  } catch (error) {
    if (LodeError.isInstance(error)) throw error;
    // The client went away or the connection broke mid-upload.
    throw new LodeError("invalid-request", "The request body could not be read to its end.", {
      cause: error,
    });
  }
  return joinBytes(parts, length);
}
