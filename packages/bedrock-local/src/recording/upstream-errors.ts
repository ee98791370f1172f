import { AwsError } from "../http/aws-error.js";

/**
 * The answer when the upstream cannot be reached (refused, reset, DNS, TLS): a 502 in Bedrock's error shape,
 * typed InternalServerException so every SDK reads it, naming the upstream and the network error.
 */
export function upstreamUnreachable(upstream: URL, error: unknown): AwsError {
  const { code, message } = error as NodeJS.ErrnoException;
  return new AwsError(
    "InternalServerException",
    `bedrock-local could not reach the upstream ${upstream.origin}: ${code ?? message}`,
    502,
  );
}

/**
 * Signing fails before anything is sent, most often because the provider chain found no credentials:
 * say so, and never send the request unsigned.
 */
export async function signedOrExplained<T>(upstream: URL, signing: Promise<T>): Promise<T> {
  try {
    return await signing;
  } catch (error) {
    throw new AwsError(
      "InternalServerException",
      `bedrock-local could not sign the request for ${upstream.origin}: ${(error as Error).message}`,
    );
  }
}
