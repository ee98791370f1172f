import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { sharedBedrockTransport } from "../transport/bedrock-transport.js";

/**
 * The logger of the client Lode makes. The SDK's default (a `NoOpLogger`) makes it print some warnings to the
 * console itself ("An error was encountered in a non-retryable streaming request."); Lode never prints, and
 * reports every failure as a `LodeError`. It has no `info` on purpose: the SDK calls `logger.info?.({ input:
 * filter(input), output: filter(output) })` after every call of a logger that is not its own `NoOpLogger`, and
 * that filter walks the whole request (every message of the history) only to be thrown away here; without
 * `info` the arguments are never built. A `clientConfig.logger` replaces it.
 */
const SILENT_SDK_LOGGER = {
  warn() {},
  error() {},
} as unknown as NonNullable<BedrockRuntimeClientConfig["logger"]>;

/** A middleware that hands its request on untouched. */
const passThrough = <T>(next: T): T => next;

/**
 * The client an agent makes when given none: one attempt per call (Lode retries under its own policy), no
 * console output, and Lode's transport shared by every such agent. `clientConfig` overrides any of it.
 *
 * When `clientConfig` leaves retries alone, the SDK's retry step is replaced by one that does nothing: with
 * a single attempt it only acquires a retry token, stamps `amz-sdk-invocation-id` / `amz-sdk-request`
 * headers (which Bedrock does not need) and bookkeeps, and it cost about a tenth of Lode's CPU per run in the
 * profile (bench/profile). Signing and everything else stay as the SDK has them.
 */
export function createLodeClient(clientConfig: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    maxAttempts: 1,
    logger: SILENT_SDK_LOGGER,
    requestHandler: sharedBedrockTransport(),
    ...clientConfig,
  });
  const retriesLeftToLode =
    clientConfig.maxAttempts === undefined &&
    clientConfig.retryStrategy === undefined &&
    clientConfig.retryMode === undefined;
  if (retriesLeftToLode) {
    // Same name, step and priority as the SDK's own, so it takes its place (the signing step is placed
    // relative to it, so it cannot simply be removed).
    client.middlewareStack.add(passThrough, {
      name: "retryMiddleware",
      step: "finalizeRequest",
      priority: "high",
      tags: ["RETRY"],
      override: true,
    });
  }
  return client;
}
