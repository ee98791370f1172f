import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { AwsError } from "./aws-error.js";
import type { AnyRequest } from "./exchange.js";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "./json-depth.js";

/**
 * Reads the whole request body, refusing bodies over `limitBytes` and keeping nothing more of them. Over
 * HTTP/1.1 the refusal goes out at once (and the connection is closed after it). Over HTTP/2 the rest of
 * the body is read and dropped first: Node's HTTP/2 client counts the upload it still has queued against
 * its session memory, and resets a stream whose answer arrives while that is over the limit
 * (ENHANCE_YOUR_CALM), so an early answer to a large upload would never reach the AWS SDK.
 */
export function readBody(request: AnyRequest, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const refuse = () => {
      if (!("stream" in request)) return reject(tooLarge(limitBytes));
      request.removeAllListeners("data");
      request.on("data", () => {});
      request.on("end", () => reject(tooLarge(limitBytes)));
    };
    request.on("error", reject);
    request.on("aborted", () => reject(new Error("client aborted the request")));
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limitBytes) return refuse();
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners("data");
        chunks.length = 0;
        refuse();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function tooLarge(limitBytes: number): AwsError {
  return new AwsError("RequestEntityTooLargeException", `Request body exceeds the ${limitBytes}-byte limit.`);
}

/**
 * Parses a JSON request body; malformed JSON is a SerializationException, as AWS answers it, and so is JSON
 * nested deeper than {@link MAX_JSON_DEPTH} (no later step has to guard its recursion).
 */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  const text = raw.toString("utf8");
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
    throw new AwsError(
      "SerializationException",
      `The request body nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`,
    );
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsError("SerializationException", "Unable to parse the request body as JSON.");
  }
}

/** The JSON object `text` holds, or undefined when it is not JSON or not an object: for callers that give up. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
