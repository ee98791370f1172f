/** Headers that belong to one hop (RFC 9110 §7.6.1) or to HTTP/2 framing, never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "host",
  "expect",
  "http2-settings",
]);

/**
 * The client's headers to send upstream. Its signature and everything it signed with (`authorization`,
 * `x-amz-date`, `x-amz-security-token`, `x-amz-content-sha256`, …) go: the request is signed again with
 * the recorder's credentials. `content-length` goes too; it is set from the body actually sent.
 */
export function forwardedRequestHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || key.startsWith(":") || HOP_BY_HOP.has(key)) continue;
    if (key === "authorization" || key.startsWith("x-amz-") || key === "content-length") continue;
    // Upstream answers are recorded as sent: a compressed body could be neither parsed nor replayed.
    if (key === "accept-encoding") continue;
    forwarded[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return forwarded;
}

/** The upstream's response headers to pass to the client: all but the hop-by-hop ones (HTTP/2 forbids them). */
export function forwardedResponseHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || key.startsWith(":") || HOP_BY_HOP.has(key)) continue;
    // set-cookie is the one header that cannot be joined; Bedrock does not send it, a stray one is dropped.
    if (key === "set-cookie") continue;
    // Without a length the client waits for the end of the body, which the proxy sends only once the
    // recording is written: a finished call then always means a recording on disk.
    if (key === "content-length") continue;
    forwarded[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return forwarded;
}
