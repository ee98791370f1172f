import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { createTrailLogger } from "../errors/credential-trail.js";
import { guardClient } from "../model/check-request-size.js";
import { sharedBedrockTransport } from "../transport/bedrock-transport.js";
import { readConverseStreamFast } from "../transport/stream-events/fast-converse-stream.js";

/** A middleware that hands its request on untouched. */
const passThrough = <T>(next: T): T => next;

/**
 * The client an agent makes when given none: one attempt per call (Lode retries under its own policy), no
 * console output, and Lode's transport shared by every such agent. `clientConfig` overrides any of it.
 * Region, endpoint and credentials come from the SDK's own default chains, as for a bare client.
 *
 * Its logger prints nothing: the SDK's default (a `NoOpLogger`) makes it print some warnings to the console
 * itself ("An error was encountered in a non-retryable streaming request."), while Lode reports every failure
 * as a `LodeError`. It keeps the credential providers' debug lines, so a `missing-credentials` error can
 * say what was tried (see `createTrailLogger`). A `clientConfig.logger` replaces it.
 *
 * When `clientConfig` leaves retries alone, the SDK's retry step is replaced by one that does nothing: with
 * a single attempt it only acquires a retry token, stamps `amz-sdk-invocation-id` / `amz-sdk-request`
 * headers (which Bedrock does not need) and bookkeeps, and it cost about a tenth of Lode's CPU per run in the
 * profile (bench/profile). Signing and everything else stay as the SDK has them.
 *
 * `cacheMiddleware`: the SDK resolves its middleware stack once per command class instead of once per call
 * (the throughput option AWS added to the SDK). It applies to calls sent without options, which is every
 * call of a run that nothing can abort; Lode adds no middleware to the commands it sends on this client. It
 * took about a tenth off the CPU of a run on this client at 100 in flight (bench/profile/plain-gap.ts).
 */
export function createLodeClient(clientConfig: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    maxAttempts: 1,
    logger: createTrailLogger() as unknown as NonNullable<BedrockRuntimeClientConfig["logger"]>,
    requestHandler: sharedBedrockTransport(),
    cacheMiddleware: true,
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
  guardClient(client);
  readConverseStreamFast(client);
  return client;
}
