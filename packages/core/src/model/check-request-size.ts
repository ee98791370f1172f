import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import { LodeError } from "../errors/lode-error.js";

/**
 * The largest request body Bedrock Runtime takes, in bytes: the limit its API states for InvokeModel's
 * body ("Member must have length less than or equal to 25000000"); Converse states none of its own.
 */
export const MAX_REQUEST_BYTES = 25_000_000;

/**
 * Refuses, before it is sent, a request Bedrock would refuse for its size. Sent anyway, it would not even
 * be answered: Node's HTTP/2 client resets a stream whose answer comes while more than 10 MB of its upload
 * is still queued (ENHANCE_YOUR_CALM), which reads as a dropped connection and is retried. The size is a
 * lower bound (each string's length, each byte array's base64 length), so no request Bedrock would take is
 * refused; walking it costs far less than the SDK's own serialization.
 */
export function checkRequestSize(request: ConverseStreamRequest): void {
  const size = lowerBoundBytes(request);
  if (size <= MAX_REQUEST_BYTES) return;
  throw new LodeError(
    "invalid-request",
    `The request is too large for Bedrock: at least ${megabytes(size)} MB, over the ${megabytes(MAX_REQUEST_BYTES)} MB ` +
      "it accepts. Send smaller input (images, documents, long tool results), or a context strategy that " +
      "keeps less of the history. Nothing was sent.",
    { retryable: false },
  );
}

/** At least how many bytes `value` takes as JSON. */
function lowerBoundBytes(value: unknown): number {
  let size = 0;
  // An explicit stack: a request may nest deeper than the call stack goes.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") size += item.length;
    else if (item instanceof Uint8Array) size += Math.ceil(item.byteLength / 3) * 4;
    else if (Array.isArray(item)) for (const element of item) stack.push(element);
    else if (typeof item === "object" && item !== null)
      for (const key in item) stack.push((item as Record<string, unknown>)[key]);
  }
  return size;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
