import { redactAuthorization, redactedSecret } from "../http/redact-credentials.js";
import { refuse } from "./auth-refusals.js";

/** The algorithm a SigV4 `Authorization` header names first. */
export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";

/** What a SigV4 `Authorization` header says: who signed, for which scope, over which headers. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** The credential scope's date, `YYYYMMDD`. */
  scopeDate: string;
  region: string;
  service: string;
  /** The scope's last element, `aws4_request` when well formed. */
  terminator: string;
  /** The signed header names, lower case, in the order given. */
  signedHeaders: string[];
  /** The signature, hex. */
  signature: string;
}

const REQUIRED = ["Credential", "Signature", "SignedHeaders"] as const;

/**
 * Parses `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b,
 * Signature=hex`, refusing a malformed one with IncompleteSignatureException in AWS's words. `hasDateHeader`
 * says whether the request carries `x-amz-date`, which AWS insists on in the same breath (AWS would also take a
 * `Date` header; every SDK sends `x-amz-date`, the only date bedrock-local reads).
 */
export function parseAuthorization(value: string, hasDateHeader: boolean): SigV4Authorization {
  const shown = redactAuthorization(value);
  const params = new Map<string, string>();
  if (value.startsWith(`${SIGV4_ALGORITHM} `)) {
    for (const rawPart of value.slice(SIGV4_ALGORITHM.length + 1).split(",")) {
      const part = rawPart.trim();
      if (part === "") continue;
      const equals = part.indexOf("=");
      if (equals < 0) {
        const named = /^[0-9a-f]{64}$/i.test(part) ? redactedSecret(part) : part;
        throw refuse.incompleteSignature(
          `'${named}' not a valid key=value pair (missing equal-sign) in Authorization header: '${shown}'.`,
        );
      }
      params.set(part.slice(0, equals), part.slice(equals + 1));
    }
  }
  const missing = REQUIRED.filter((name) => !params.get(name)).map(
    (name) => `Authorization header requires '${name}' parameter.`,
  );
  if (!hasDateHeader)
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) throw refuse.incompleteSignature(`${missing.join(" ")} Authorization=${shown}`);

  const credential = params.get("Credential") as string;
  const scope = credential.split("/");
  if (scope.length !== 5 || scope.some((element) => element === ""))
    throw refuse.incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: (params.get("SignedHeaders") as string).split(";").map((name) => name.toLowerCase()),
    signature: params.get("Signature") as string,
  };
}
