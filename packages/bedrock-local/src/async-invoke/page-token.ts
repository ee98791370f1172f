import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { validationError } from "../http/aws-error.js";

/** Where a page ended: the last job returned, by its place in the submission order. */
export interface PageCursor {
  submitTimeMs: number;
  sequence: number;
}

/**
 * Opaque ListAsyncInvokes tokens. A token names the query it belongs to and is signed with a secret of this
 * server, so a token from another query, another server or a hand-edited one is refused instead of
 * silently listing the wrong jobs.
 */
export class PageTokens {
  private readonly secret = randomBytes(32);

  encode(queryKey: string, cursor: PageCursor): string {
    const payload = Buffer.from(JSON.stringify({ q: queryKey, t: cursor.submitTimeMs, n: cursor.sequence }));
    return `${payload.toString("base64url")}.${this.sign(payload).toString("base64url")}`;
  }

  /** The cursor a token holds; a ValidationException when it is not one this server gave for `queryKey`. */
  decode(token: string, queryKey: string): PageCursor {
    const [encodedPayload, encodedMac, ...extra] = token.split(".");
    if (encodedPayload && encodedMac && extra.length === 0) {
      const payload = Buffer.from(encodedPayload, "base64url");
      const mac = Buffer.from(encodedMac, "base64url");
      const expected = this.sign(payload);
      if (mac.length === expected.length && timingSafeEqual(mac, expected)) {
        const { q, t, n } = JSON.parse(payload.toString("utf8")) as { q: string; t: number; n: number };
        if (q === queryKey) return { submitTimeMs: t, sequence: n };
        throw validationError(
          "The nextToken belongs to a ListAsyncInvokes request with other filters or sort order. Repeat the request that returned it with only nextToken (and maxResults) changed.",
        );
      }
    }
    throw validationError(
      "The nextToken is not valid: use the nextToken of a previous ListAsyncInvokes response.",
    );
  }

  private sign(payload: Buffer): Buffer {
    return createHmac("sha256", this.secret).update(payload).digest().subarray(0, 16);
  }
}
