import { createHash, timingSafeEqual } from "node:crypto";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { queryObject } from "../http/query-object.js";
import type { SigV4Authorization } from "./parse-authorization.js";

/** A received request, as much of it as its signature covers. */
export interface ReceivedRequest {
  method: string;
  /** The path and query exactly as received: the signature covers this encoding. */
  rawPath: string;
  headers: NodeJS.Dict<string | string[]>;
  /** The body's bytes, or undefined for a body the operation reads as a stream (only its headers are checked). */
  body: Buffer | undefined;
}

/** The secret half of a key, and the session token that goes with it. */
export interface SigningSecret {
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Whether `authorization`'s signature is the one `secret` gives this request: the request is rebuilt with exactly
 * the signed headers and signed again by the SDK's own signer (which encodes the already-encoded path once more,
 * as the SDK did when it signed). A body is hashed as received; a declared `x-amz-content-sha256` is what the
 * signature covers, so for a body that was read it must be that body's hash. Compared in constant time.
 */
export async function signatureMatches(
  request: ReceivedRequest,
  authorization: SigV4Authorization,
  secret: SigningSecret,
  signingDate: Date,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of authorization.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const declaredHash = headers["x-amz-content-sha256"];
  if (declaredHash !== undefined && request.body !== undefined && declaredHash !== sha256Hex(request.body))
    return false;

  const [path = "/", queryString = ""] = request.rawPath.split(/\?(.*)/s);
  const signer = new SignatureV4({
    service: authorization.service,
    region: authorization.region,
    sha256: Sha256,
    credentials: { accessKeyId: authorization.accessKeyId, ...secret },
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path,
      query: queryObject(queryString),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(authorization.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization))?.[1] ?? "";
  return constantTimeEqual(expected, authorization.signature);
}

/** A header's value as the client signed it; over HTTP/2 the SDK's `host` arrives as `:authority`. */
function headerValue(headers: NodeJS.Dict<string | string[]>, name: string): string | undefined {
  const value = headers[name] ?? (name === "host" ? headers[":authority"] : undefined);
  return Array.isArray(value) ? value.join(",") : value;
}

function sha256Hex(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  // Compare something of the same length either way, so the time taken says nothing about the signature.
  return timingSafeEqual(a, b.length === a.length ? b : a) && b.length === a.length;
}
