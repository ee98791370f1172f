import { AwsError } from "../http/aws-error.js";
import type { AnyRequest } from "../http/exchange.js";

/** Host names that only this machine can reach the proxy by (the port is ignored). */
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Why the recorder must not forward `request`, or `undefined` when it may. The recorder signs what it
 * forwards with the user's real credentials, so it forwards only what an AWS SDK sent:
 * - a SigV4 `authorization` header: a web page cannot add one to a cross-origin request without a CORS
 *   preflight, which the recorder never allows, so a page open in a browser cannot invoke models;
 * - while it listens on a loopback address, a loopback `Host` (`:authority` over HTTP/2): a page whose
 *   domain was rebound to 127.0.0.1 (DNS rebinding) is same-origin to itself, but still names its own host.
 */
export function refusalOf(request: AnyRequest, listeningHost: string): AwsError | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization !== "string" || !authorization.startsWith("AWS4-HMAC-SHA256")) {
    return new AwsError(
      "AccessDeniedException",
      "bedrock-local is recording and forwards only requests signed with AWS Signature Version 4 " +
        "(an `Authorization: AWS4-HMAC-SHA256 …` header, as the AWS SDK sends); this one was not forwarded.",
    );
  }
  if (!isLoopbackName(listeningHost)) return undefined;
  const host = requestHost(request);
  if (host === undefined || !isLoopbackName(hostName(host))) {
    return new AwsError(
      "AccessDeniedException",
      `bedrock-local is recording on the loopback address ${listeningHost} and forwards only requests ` +
        `addressed to 127.0.0.1, localhost or [::1]; this one named the host ${JSON.stringify(host ?? "")} ` +
        "and was not forwarded.",
    );
  }
  return undefined;
}

/** The host the client addressed: `:authority` over HTTP/2 (or `host`, which HTTP/2 also allows), else `host`. */
function requestHost(request: AnyRequest): string | undefined {
  const authority = request.headers[":authority"] ?? request.headers.host;
  return typeof authority === "string" ? authority : undefined;
}

/** `host` without its port: `[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`. */
function hostName(host: string): string {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
  return name.toLowerCase();
}

/** Whether `host` (as given to `listen`, or from a Host header without its port) names the loopback interface. */
export function isLoopbackName(host: string): boolean {
  const name = host.toLowerCase();
  return LOOPBACK_NAMES.has(name) || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}
