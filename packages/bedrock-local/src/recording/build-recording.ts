import { decodeEventStream, type RecordedEvent } from "./decode-event-stream.js";
import { recordedRequestHeaders, recordedResponseHeaders } from "./recorded-headers.js";
import { scrubAccountIds } from "./scrub-account-ids.js";

/** One exchange as the proxy saw it, before scrubbing. */
export interface CapturedExchange {
  operation: string | undefined;
  upstream: string;
  method: string;
  rawPath: string;
  requestHeaders: Record<string, string>;
  requestBody: Buffer;
  /** A bidirectional stream's input events (already scrubbed), recorded instead of a body. */
  requestEvents?: RecordedEvent[];
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: Buffer;
}

/**
 * The recording of one exchange, in the shared corpus format: whitelisted headers, JSON bodies parsed,
 * event streams as raw bytes plus their decoded events, account ids inside ARNs replaced by zeros.
 * A body that is not JSON is kept as `bodyBase64` (the corpus format has no other place for it).
 */
export function buildRecording(exchange: CapturedExchange) {
  const request = {
    method: exchange.method,
    path: scrubAccountIds(exchange.rawPath),
    headers: recordedRequestHeaders(exchange.requestHeaders),
    ...(exchange.requestEvents
      ? { body: null, events: exchange.requestEvents }
      : recordedBody(exchange.requestBody)),
  };
  const responseHeaders = recordedResponseHeaders(exchange.responseHeaders);
  const isEventStream = (responseHeaders["content-type"] ?? "").startsWith(
    "application/vnd.amazon.eventstream",
  );
  let response: Record<string, unknown> = { status: exchange.status, headers: responseHeaders };
  if (isEventStream) {
    const stream = decodeEventStream(exchange.responseBody);
    response = {
      ...response,
      body: null,
      events: stream.events,
      eventstreamBase64: stream.bytes.toString("base64"),
    };
  } else {
    response = { ...response, ...recordedBody(exchange.responseBody) };
  }
  return {
    formatVersion: RECORDING_FORMAT_VERSION,
    source: { recordedBy: "@lode/bedrock-local", upstream: exchange.upstream },
    description: `${exchange.operation ?? "unknown operation"}: ${request.method} ${request.path} -> ${exchange.status}`,
    interactions: [{ request, response }],
  };
}

/**
 * The version of the recordings format this bedrock-local writes and reads. Files without one (the shared
 * corpus) are version 1; a newer version is refused by name rather than misread.
 */
export const RECORDING_FORMAT_VERSION = 1;

function recordedBody(raw: Buffer): { body: unknown } | { body: null; bodyBase64: string } {
  if (raw.length === 0) return { body: null };
  const text = utf8Text(raw);
  if (text === undefined) return { body: null, bodyBase64: raw.toString("base64") };
  try {
    return { body: JSON.parse(scrubAccountIds(text)) };
  } catch {
    return { body: null, bodyBase64: Buffer.from(scrubAccountIds(text), "utf8").toString("base64") };
  }
}

/** The body as text when it is valid UTF-8; binary bodies are kept byte for byte (scrubbing would corrupt them). */
function utf8Text(raw: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return undefined;
  }
}
