import type { AuthOptions } from "./auth-options.js";
import { refuse } from "./auth-refusals.js";
import { knownCredentials, sameSecret } from "./known-credentials.js";
import { parseAuthorization } from "./parse-authorization.js";
import { checkSigningDate } from "./signing-date.js";
import { type ReceivedRequest, signatureMatches } from "./verify-signature.js";

/** Resolves when the request's credentials are known and its signature holds; otherwise rejects with Bedrock's AwsError. */
export type Authenticate = (request: ReceivedRequest) => Promise<void>;

/** The long-term (`ABSK…`) and short-term (`bedrock-api-key-…`) Bedrock API keys' prefixes. */
const API_KEY_PREFIXES = ["ABSK", "bedrock-api-key-"];

/** The service a Bedrock Runtime request is signed for. */
const SIGNING_SERVICE = "bedrock";

/**
 * Checks each request as Bedrock does, in its order: an Authorization header at all; a bearer token against the
 * API keys; or a SigV4 header's form, signing date, scope, access key, session token (and its expiry), then the
 * signature itself. `now` is a seam for tests.
 */
export function createAuthenticator(options: AuthOptions, now: () => Date = () => new Date()): Authenticate {
  const known = knownCredentials(options);

  return async (request) => {
    const authorization = single(request.headers.authorization);
    if (!authorization) throw refuse.missingAuthorization();

    const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
    if (bearer !== undefined) {
      if (known.isApiKey(bearer)) return;
      throw API_KEY_PREFIXES.some((prefix) => bearer.startsWith(prefix))
        ? refuse.invalidApiKey()
        : refuse.apiKeyFormat();
    }

    const amzDate = single(request.headers["x-amz-date"]);
    const signed = parseAuthorization(authorization, amzDate !== undefined);
    const clock = now();
    const signingDate = checkSigningDate(amzDate as string, clock);
    if (signed.scopeDate !== (amzDate as string).slice(0, 8))
      throw refuse.dateMismatch(signed.scopeDate, amzDate as string);
    if (signed.service !== SIGNING_SERVICE) throw refuse.wrongService(SIGNING_SERVICE);
    if (signed.terminator !== "aws4_request") throw refuse.wrongTerminator(signed.terminator);

    const key = known.accessKey(signed.accessKeyId);
    if (!key) throw refuse.unrecognizedClient();
    const sentToken = single(request.headers["x-amz-security-token"]) ?? "";
    if (!sameSecret(sentToken, key.sessionToken ?? "")) throw refuse.unrecognizedClient();
    if (key.expiresAtMs !== undefined && key.expiresAtMs <= clock.getTime()) throw refuse.expiredToken();

    const secret = {
      secretAccessKey: key.secretAccessKey,
      ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
    };
    if (!(await signatureMatches(request, signed, secret, signingDate))) throw refuse.signatureMismatch();
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
