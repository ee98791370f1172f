import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { describeError } from "./describe-error.js";
import { LodeError } from "./lode-error.js";

/** The client found no region (or an invalid one): what to set. */
export function missingRegion(cause: unknown): LodeError {
  return new LodeError(
    "missing-region",
    `No AWS region is set for Bedrock (${describeError(cause)}). Set AWS_REGION (for example ` +
      "AWS_REGION=us-east-1), a region in your AWS profile, or clientConfig.region.",
    { cause },
  );
}

/** The SDK found no credentials: what to set. */
export function missingCredentials(cause: unknown): LodeError {
  return new LodeError(
    "missing-credentials",
    `No AWS credentials were found (${describeError(cause)}). Set AWS_ACCESS_KEY_ID and ` +
      "AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary keys), or AWS_PROFILE for a profile in " +
      '~/.aws/config (after "aws sso login" for an SSO profile), or AWS_BEARER_TOKEN_BEDROCK for a Bedrock ' +
      "API key; or pass clientConfig.credentials.",
    { cause },
  );
}

/**
 * Explains an `unknown` failure that happened before anything was sent (no `$metadata`) by asking the
 * client's own providers which of them fails: the SDK reports a missing region as a plain `Error` with
 * nothing to classify it by, and a caller's credential provider may reject with anything. Any other
 * error is returned as it is. Only runs on a failure, so a working client pays nothing.
 */
export async function explainSetupFailure(
  client: BedrockRuntimeClient,
  error: LodeError,
): Promise<LodeError> {
  if (error.code !== "unknown" || hasMetadata(error.cause)) return error;
  const config = client.config as Partial<{
    region: () => Promise<string>;
    credentials: () => Promise<unknown>;
    authSchemePreference: () => Promise<string[]>;
  }>;
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
    return missingCredentials(credentialsError);
  }
  return error;
}

function hasMetadata(cause: unknown): boolean {
  return typeof cause === "object" && cause !== null && "$metadata" in cause;
}
