import { createHash } from "node:crypto";

/**
 * What the request log keeps of a secret: a fingerprint, never the value. The same secret always gives the
 * same fingerprint, so a test can still tell which credentials signed a request (`redactedSecret(token)`),
 * but a log that is printed, saved or attached to a bug report gives nothing away.
 */
export function redactedSecret(secret: string): string {
  return `<redacted sha256:${createHash("sha256").update(secret).digest("hex").slice(0, 12)}>`;
}

/**
 * A request's headers with its credentials redacted: the session token, and in `authorization` the SigV4
 * signature or a bearer token (a Bedrock API key). The SigV4 credential scope (access key id, date, region,
 * service) and the signed header names stay: they identify, they do not authenticate.
 */
export function redactCredentials(headers: Record<string, string>): Record<string, string> {
  const redacted = { ...headers };
  const token = redacted["x-amz-security-token"];
  if (token !== undefined) redacted["x-amz-security-token"] = redactedSecret(token);
  const authorization = redacted.authorization;
  if (authorization !== undefined) redacted.authorization = redactAuthorization(authorization);
  return redacted;
}

/** An `Authorization` value with its secret part (SigV4 signature, bearer token, any other scheme whole) redacted. */
export function redactAuthorization(value: string): string {
  if (value.startsWith("AWS4-HMAC-SHA256 "))
    return value.replace(
      /Signature=([0-9a-fA-F]+)/,
      (_match, signature: string) => `Signature=${redactedSecret(signature)}`,
    );
  const bearer = /^Bearer\s+(.+)$/i.exec(value);
  if (bearer?.[1]) return `Bearer ${redactedSecret(bearer[1])}`;
  return redactedSecret(value);
}
