import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { describeCredentialTrail } from "./credential-trail.js";
import { describeError } from "./describe-error.js";
import { LodeError } from "./lode-error.js";
import { describeSigningIdentity, type SigningConfig } from "./signing-identity.js";

/**
 * The client found no region, or one that is not a region name: what to set. The SDK says which only in
 * its message, so a malformed `AWS_REGION` (the source Lode can see) is named from its value; for a
 * region from elsewhere (a profile, a client of the caller's own) the SDK's own words, in parentheses,
 * say which.
 */
export function missingRegion(cause: unknown): LodeError {
  const fromEnvironment = process.env.AWS_REGION;
  const problem =
    fromEnvironment && !isRegionName(fromEnvironment)
      ? `AWS_REGION is ${JSON.stringify(fromEnvironment)}, which is not an AWS region name`
      : "No AWS region is set for Bedrock, or the one set is not a region name";
  return new LodeError(
    "missing-region",
    `${problem} (${describeError(cause)}). Set AWS_REGION to a region name (for example ` +
      "AWS_REGION=us-east-1), a region in your AWS profile, or clientConfig.region.",
    { cause },
  );
}

/** Whether `value` can be an AWS region: one host name label (what the SDK accepts), like `us-east-1`. */
export function isRegionName(value: string): boolean {
  return /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(value);
}

/**
 * The SDK found no credentials: what was tried (when the client's logger kept the chain's trail) and what
 * to set.
 */
export function missingCredentials(cause: unknown, tried?: string): LodeError {
  const found = tried
    ? `No AWS credentials were found. The AWS SDK's default chain tried ${tried}.`
    : `No AWS credentials were found (${describeError(cause)}).`;
  return new LodeError(
    "missing-credentials",
    `${found} Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary ` +
      'keys), or AWS_PROFILE for a profile in ~/.aws/config (after "aws sso login" for an SSO profile), or ' +
      "AWS_BEARER_TOKEN_BEDROCK for a Bedrock API key; or pass clientConfig.credentials.",
    { cause },
  );
}

/** AWS's answers to a request whose credentials or signature it refused (not a missing permission). */
const REFUSED_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
  "MissingAuthenticationTokenException",
  "ExpiredTokenException",
]);

type ClientConfig = SigningConfig & { region?: () => Promise<string>; logger?: unknown };

/**
 * Makes a setup failure say what to do:
 * - an `unknown` failure before anything was sent (no `$metadata`) is explained by asking the client's own
 *   providers which of them fails: the SDK reports a missing region as a plain `Error` with nothing to
 *   classify it by, and a caller's credential provider may reject with anything;
 * - `missing-credentials` says which sources the default chain tried and what each answered;
 * - credentials AWS refused (`access-denied` from a bad signature, an unknown key, an expired token) say
 *   which credentials were used and where they came from.
 * Any other error is returned as it is. Only runs on a failure, so a working client pays nothing.
 */
export async function explainSetupFailure(
  client: BedrockRuntimeClient,
  error: LodeError,
): Promise<LodeError> {
  // A stand-in client (a test double with only `send`) has no config to ask: its error is its own.
  const config = client.config as ClientConfig | undefined;
  if (!config) return error;
  if (error.code === "missing-credentials") {
    const tried = describeCredentialTrail(config.logger);
    return tried ? missingCredentials(error.cause, tried) : error;
  }
  if (error.code === "access-denied" && REFUSED_CREDENTIALS.has(nameOf(error.cause))) {
    const identity = await describeSigningIdentity(config);
    if (!identity) return error;
    return new LodeError("access-denied", `${error.message} (signed with ${identity})`, {
      cause: error.cause,
      requestId: error.requestId,
      retryable: false,
    });
  }
  if (error.code !== "unknown" || hasMetadata(error.cause)) return error;
  try {
    await config.region?.();
  } catch (regionError) {
    return missingRegion(regionError);
  }
  // A Bedrock API key (bearer token) needs no AWS credentials.
  const preferred = await config.authSchemePreference?.().catch(() => []);
  if (preferred?.[0] === "httpBearerAuth") return error;
  try {
    await config.credentials?.();
  } catch (credentialsError) {
    return missingCredentials(credentialsError, describeCredentialTrail(config.logger));
  }
  return error;
}

function hasMetadata(cause: unknown): boolean {
  return typeof cause === "object" && cause !== null && "$metadata" in cause;
}

function nameOf(cause: unknown): string {
  const name = (cause as { name?: unknown } | null | undefined)?.name;
  return typeof name === "string" ? name : "";
}
