import { scrubAccountIds } from "./scrub-account-ids.js";

/**
 * The headers a recording keeps, as the recordings corpus does: what shapes the exchange, never what
 * authenticates it. Credentials, signatures, dates, tokens and user agents are left out by construction.
 */
const KEPT_REQUEST_HEADERS = (name: string) =>
  name === "content-type" || name === "accept" || name.startsWith("x-amzn-bedrock-");

const KEPT_RESPONSE_HEADERS = (name: string) =>
  name === "content-type" ||
  name === "x-amzn-errortype" ||
  name === "x-amzn-requestid" ||
  name.startsWith("x-amzn-bedrock-");

export function recordedRequestHeaders(headers: Record<string, string>): Record<string, string> {
  return keep(headers, KEPT_REQUEST_HEADERS);
}

export function recordedResponseHeaders(headers: Record<string, string>): Record<string, string> {
  return keep(headers, KEPT_RESPONSE_HEADERS);
}

function keep(headers: Record<string, string>, kept: (name: string) => boolean): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (kept(key)) result[key] = scrubAccountIds(value);
  }
  return result;
}
