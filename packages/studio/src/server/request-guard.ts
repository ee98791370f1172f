import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The header a request may carry the token in (an EventSource cannot set one: `?token=` then). */
export const TOKEN_HEADER = "x-lode-studio-token";

/** Whether a request carries the studio's token, compared in constant time. */
export function hasToken(request: IncomingMessage, url: URL, token: string): boolean {
  const header = request.headers[TOKEN_HEADER];
  const given = (typeof header === "string" ? header : undefined) ?? url.searchParams.get("token") ?? "";
  const expected = Buffer.from(token, "utf8");
  const actual = Buffer.from(given, "utf8");
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time the same either way.
  return (
    timingSafeEqual(actual.length === expected.length ? actual : expected, expected) &&
    actual.length === expected.length
  );
}

/**
 * Whether a request's Host is the studio's own (`127.0.0.1:port`, `localhost:port`): a page on another
 * site whose name was rebound to 127.0.0.1 sends its own name, and is turned away.
 */
export function isOwnHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
