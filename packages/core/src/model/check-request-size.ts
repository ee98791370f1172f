import type { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { LodeError } from "../errors/lode-error.js";

/**
 * The largest request body Bedrock Runtime takes, in bytes: the limit its API states for InvokeModel's
 * body ("Member must have length less than or equal to 25000000"); Converse states none of its own.
 */
export const MAX_REQUEST_BYTES = 25_000_000;

/**
 * Refuses, before it is sent, a request Bedrock would refuse for its size. Sent anyway, it would not even be
 * answered: Node's HTTP/2 client resets a stream whose answer comes while more than 10 MB of its upload is
 * still queued (ENHANCE_YOUR_CALM), which reads as a dropped connection and is retried. It reads the body
 * the SDK has already serialized (`request` is the HTTP request of the build step), so it costs nothing per
 * step: a JSON string's length (UTF-16 units) is a lower bound of its UTF-8 bytes, so no request Bedrock
 * would take is refused.
 */
export function refuseOversizedRequest(request: unknown): void {
  const body = (request as { body?: unknown } | undefined)?.body;
  const size = typeof body === "string" ? body.length : body instanceof Uint8Array ? body.byteLength : 0;
  if (size <= MAX_REQUEST_BYTES) return;
  throw new LodeError(
    "invalid-request",
    `The request is too large for Bedrock: at least ${megabytes(size)} MB, over the ${megabytes(MAX_REQUEST_BYTES)} MB ` +
      "it accepts. Send smaller input (images, documents, long tool results), or a context strategy that " +
      "keeps less of the history. Nothing was sent.",
    { retryable: false },
  );
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** The clients that refuse oversized requests themselves: the clients Lode makes. */
const guardedClients = new WeakSet<BedrockRuntimeClient>();

const BUILD_STEP = { step: "build", name: "lodeRefuseOversizedRequest" } as const;

function refuseOversizedMiddleware<T extends { request: unknown }, R>(next: (args: T) => R): (args: T) => R {
  return (args) => {
    refuseOversizedRequest(args.request);
    return next(args);
  };
}

/** Makes every call of a client Lode made refuse an oversized request: set once on the client, not per call. */
export function guardClient(client: BedrockRuntimeClient): void {
  client.middlewareStack.add(refuseOversizedMiddleware, BUILD_STEP);
  guardedClients.add(client);
}

/**
 * Makes `command` refuse an oversized request, unless `client` does already: on the command, not the
 * client, so a caller's own client is left as it was given.
 */
export function guardCommand(command: ConverseStreamCommand, client: BedrockRuntimeClient): void {
  if (!guardedClients.has(client)) command.middlewareStack.add(refuseOversizedMiddleware, BUILD_STEP);
}
