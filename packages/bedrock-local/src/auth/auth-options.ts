/** An access key bedrock-local knows, as the SDK's `credentials` hold one. */
export interface KnownAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** The session token requests signed with this key must carry; without one, they must carry none. */
  sessionToken?: string;
  /** When the key stops being accepted (an ISO 8601 string or a Date): later requests get ExpiredTokenException. */
  expiresAt?: Date | string;
}

/**
 * The credentials bedrock-local accepts. With these given, every request must be SigV4-signed with one of
 * `accessKeys` or carry one of `apiKeys` as `Authorization: Bearer <key>`, and is refused as Bedrock refuses it
 * otherwise.
 */
export interface AuthOptions {
  /** Access keys it knows; each request must be SigV4-signed with one of them. */
  accessKeys?: KnownAccessKey[];
  /** Bedrock API keys (AWS_BEARER_TOKEN_BEDROCK): `Authorization: Bearer <key>` is accepted for these. */
  apiKeys?: string[];
}
