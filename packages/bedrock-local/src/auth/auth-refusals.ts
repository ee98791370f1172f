import { AwsError } from "../http/aws-error.js";

/**
 * What Bedrock answers a request whose credentials it refuses, and where each wording comes from:
 * - a real recording: `fixtures/bedrock-recordings/converse.error.expired-token.json` (from DataDog/dd-trace-py);
 * - a public issue quoting Bedrock's (or another AWS JSON service's, whose credential layer Bedrock shares) answer;
 * - "bedrock-local's words" where no public source was found.
 * Statuses: 403 for all but IncompleteSignatureException, which Bedrock's troubleshooting page
 * (docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html) lists as 400.
 */
export const REFUSAL_MESSAGES = {
  /** Recording `converse.error.expired-token.json`: 403, ExpiredTokenException (coral service), no final period. */
  expiredToken: "The security token included in the request is expired",
  /**
   * Issues Arize-ai/openinference#2358 (the JS SDK against bedrock-runtime) and langchain-ai/langchain#19677:
   * UnrecognizedClientException, 403. Bedrock gives it for an unknown key and for a wrong session token alike.
   */
  unrecognizedClient: "The security token included in the request is invalid.",
  /**
   * Issues smithy545/aws-apps-scripts#12 and BerriAI/litellm#14763 (bedrock-runtime): InvalidSignatureException.
   * Bedrock goes on with the canonical string and string-to-sign it computed; bedrock-local leaves them out, since
   * the canonical string holds the session token and the message reaches the request log.
   */
  signatureMismatch:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  /**
   * Issue karthink/gptel#1397, a Bedrock answer with its headers: 403, `AccessDeniedException` in the coral service
   * namespace, body `{"Message": ...}` with a capital M. Also anthropics/claude-code#44963 and #45000.
   */
  missingAuthorization: "Authorization header is missing",
  /**
   * Issues anomalyco/opencode#47073 and ai4s-research/open-science#53: 403, body `{"Message": ...}`. Neither shows
   * the error type; bedrock-local answers as for a missing header (same layer, same body shape).
   */
  invalidApiKey: "Authentication failed: Please make sure your API Key is valid.",
  /**
   * BerriAI/litellm#37905: 403 `{"Message": ...}` for a bearer token that is no Bedrock API key at all (neither
   * the `ABSK` prefix of long-term keys nor the `bedrock-api-key-` prefix of short-term ones). Type as above.
   */
  apiKeyFormat: "Invalid API Key format: Must start with pre-defined prefix",
} as const;

/** The bearer-token refusals: the credential layer's AccessDeniedException, with `Message` spelled as Bedrock does. */
function bearerRefusal(message: string): AwsError {
  return new AwsError("AccessDeniedException", message, 403, {
    coralNamespace: true,
    messageMember: "Message",
  });
}

export const refuse = {
  missingAuthorization: () => bearerRefusal(REFUSAL_MESSAGES.missingAuthorization),
  invalidApiKey: () => bearerRefusal(REFUSAL_MESSAGES.invalidApiKey),
  apiKeyFormat: () => bearerRefusal(REFUSAL_MESSAGES.apiKeyFormat),
  unrecognizedClient: () => new AwsError("UnrecognizedClientException", REFUSAL_MESSAGES.unrecognizedClient),
  expiredToken: () => new AwsError("ExpiredTokenException", REFUSAL_MESSAGES.expiredToken),
  signatureMismatch: () => new AwsError("InvalidSignatureException", REFUSAL_MESSAGES.signatureMismatch),
  /**
   * Issues anthropics/anthropic-sdk-go#122 (Bedrock, 403) and aws/aws-sdk-js#254:
   * "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z - 5 min.)".
   */
  signatureExpired: (signed: string, earliest: string, now: string) =>
    new AwsError(
      "InvalidSignatureException",
      `Signature expired: ${signed} is now earlier than ${earliest} (${now} - 5 min.)`,
    ),
  /** Issues basak/glacier-cli#36 and s12v/awsbeats#48: the same check for a date in the future. */
  signatureNotYetCurrent: (signed: string, latest: string, now: string) =>
    new AwsError(
      "InvalidSignatureException",
      `Signature not yet current: ${signed} is still later than ${latest} (${now} + 5 min.)`,
    ),
  /** Issues aws/aws-sdk-go-v2#163 and disneystreaming/smithy4s#1568 (note the space AWS leaves at the end). */
  wrongService: (service: string) =>
    new AwsError(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${service}'. `,
    ),
  /** bedrock-local's words, in the style of the scope messages above (no public source found). */
  wrongTerminator: (terminator: string) =>
    new AwsError(
      "InvalidSignatureException",
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `,
    ),
  /** bedrock-local's words (no public source found): the credential's date must be the signing date's day. */
  dateMismatch: (scopeDate: string, signingDate: string) =>
    new AwsError(
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${signingDate.slice(0, 8)}', from '${signingDate}'.`,
    ),
  /** bedrock-local's words (no public source found) for an `x-amz-date` that is no SigV4 date. */
  malformedDate: (amzDate: string) =>
    new AwsError(
      "IncompleteSignatureException",
      `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    ),
  /**
   * Issues aws/aws-sdk-ruby#317, aws/aws-sdk-js#4285, aws/chalice#828 (the "requires" sentences, then
   * `Authorization=<value>`), iann0036/cloud9-sync#10 (a part without `=`), and kubernetes-sigs/aws-iam-authenticator#374
   * (a credential of the wrong shape). The header echoed is redacted by the caller: the message reaches the log.
   */
  incompleteSignature: (message: string) => new AwsError("IncompleteSignatureException", message),
};
