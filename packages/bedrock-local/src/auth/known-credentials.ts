import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthOptions } from "./auth-options.js";

/** A known access key, its expiry resolved to milliseconds. */
export interface KnownKey {
  secretAccessKey: string;
  sessionToken: string | undefined;
  expiresAtMs: number | undefined;
}

/** The credentials of `AuthOptions`, checked once at start and looked up per request. */
export interface KnownCredentials {
  accessKey(accessKeyId: string): KnownKey | undefined;
  /** Whether `token` is one of the API keys, compared in constant time. */
  isApiKey(token: string): boolean;
}

/** Checks `options` (a TypeError names the first mistake) and indexes them. */
export function knownCredentials(options: AuthOptions): KnownCredentials {
  const keys = new Map<string, KnownKey>();
  for (const [index, key] of (options.accessKeys ?? []).entries()) {
    const where = `auth.accessKeys[${index}]`;
    if (!nonEmpty(key?.accessKeyId) || !nonEmpty(key.secretAccessKey))
      throw new TypeError(`bedrock-local: ${where} needs a non-empty accessKeyId and secretAccessKey`);
    if (key.sessionToken !== undefined && !nonEmpty(key.sessionToken))
      throw new TypeError(`bedrock-local: ${where}.sessionToken must be a non-empty string when given`);
    if (keys.has(key.accessKeyId))
      throw new TypeError(`bedrock-local: ${where} repeats access key id ${JSON.stringify(key.accessKeyId)}`);
    const expiresAtMs = key.expiresAt === undefined ? undefined : new Date(key.expiresAt).getTime();
    if (expiresAtMs !== undefined && Number.isNaN(expiresAtMs))
      throw new TypeError(`bedrock-local: ${where}.expiresAt is not a date: ${String(key.expiresAt)}`);
    keys.set(key.accessKeyId, {
      secretAccessKey: key.secretAccessKey,
      sessionToken: key.sessionToken,
      expiresAtMs,
    });
  }
  const apiKeyDigests = (options.apiKeys ?? []).map((apiKey, index) => {
    if (!nonEmpty(apiKey))
      throw new TypeError(`bedrock-local: auth.apiKeys[${index}] must be a non-empty string`);
    return digest(apiKey);
  });
  if (keys.size === 0 && apiKeyDigests.length === 0)
    throw new TypeError(
      "bedrock-local: auth needs at least one of accessKeys or apiKeys (without auth, any request is accepted)",
    );
  return {
    accessKey: (accessKeyId) => keys.get(accessKeyId),
    isApiKey(token) {
      const given = digest(token);
      // Every key is compared, so the time taken does not say which one (or whether any) matched.
      return apiKeyDigests.reduce((found, known) => timingSafeEqual(known, given) || found, false);
    },
  };
}

/** Whether two secrets (a session token, say) are the same, in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function digest(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
