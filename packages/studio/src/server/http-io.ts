import type { IncomingMessage, ServerResponse } from "node:http";

/** A request the studio answers with an error status and `{ error }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The largest request body the studio reads: a reporter's batch is far smaller. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A request's body as text; 413 beyond `limit` bytes (the rest is not read). */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) throw new HttpError(413, `The body is over ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `The body is over ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A request's body parsed as JSON (by `parse`); 400 when it is not JSON or not an object. */
export async function readJsonObject(
  request: IncomingMessage,
  parse: (text: string) => unknown = JSON.parse,
): Promise<Record<string, unknown>> {
  const text = await readBody(request);
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    throw new HttpError(400, "The body is not JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "The body is not a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** Answers with JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  response.end(text);
}

/** Answers with no body. */
export function sendEmpty(response: ServerResponse, status = 204): void {
  response.writeHead(status, { "cache-control": "no-store" });
  response.end();
}

/** Answers an error as `{ error }`, unless the answer already started (then the connection is cut). */
export function sendError(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // A body left unread (a 413) would otherwise keep the connection busy: close it once answered.
  if (status === 413) response.setHeader("connection", "close");
  sendJson(response, status, { error: message });
}

/** A path segment decoded; 400 when it is not valid percent-encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `The path segment ${segment} is not valid percent-encoding.`);
  }
}
