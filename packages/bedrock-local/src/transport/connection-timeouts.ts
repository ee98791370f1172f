/**
 * How long bedrock-local waits on a connection before it gives up on it, so half-open connections (a
 * client that stopped mid-request, or never sent a request at all) cannot pile up.
 */
export interface ConnectionTimeouts {
  /**
   * Until a new connection has shown its protocol (the HTTP/2 preface, or HTTP/1.1's first bytes), and until
   * an HTTP/1.1 request's headers are whole, however slowly they trickle in.
   */
  headersMs: number;
  /**
   * How long a request's body may stay silent before it ends: an HTTP/1.1 connection whose body stops short
   * of its Content-Length is closed, an HTTP/2 stream is cancelled (RST_STREAM CANCEL). With `headersMs`,
   * how long an HTTP/1.1 answer may stay silent.
   */
  bodyMs: number;
  /** A kept-alive HTTP/1.1 connection between requests, or an HTTP/2 session with no stream open. */
  idleMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = {
  headersMs: 10_000,
  bodyMs: 60_000,
  idleMs: 5_000,
};

/** The defaults with `given` over them; a value that is not a positive number is a TypeError. */
export function resolveConnectionTimeouts(given: Partial<ConnectionTimeouts> = {}): ConnectionTimeouts {
  const timeouts = { ...DEFAULT_CONNECTION_TIMEOUTS, ...given };
  for (const [name, value] of Object.entries(timeouts))
    if (!(typeof value === "number" && Number.isFinite(value) && value > 0))
      throw new TypeError(`bedrock-local: timeouts.${name} must be a positive number of milliseconds`);
  return timeouts;
}
