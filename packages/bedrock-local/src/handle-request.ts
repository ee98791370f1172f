import { randomUUID } from "node:crypto";
import http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import type { Authenticate } from "./auth/authenticate-request.js";
import { AwsError } from "./http/aws-error.js";
import { type AnyRequest, type AnyResponse, sendAwsError } from "./http/exchange.js";
import { parseJsonBody, parseJsonObject, readBody } from "./http/read-body.js";
import { redactCredentials } from "./http/redact-credentials.js";
import { pathSegments } from "./http/route-path.js";
import { isJsonObject, type JsonObject } from "./models/model-turn.js";
import { findOperation } from "./operations/find-operation.js";
import type { Exchange, Operation, ServerContext } from "./operations/operation.js";
import type { RequestLogEntry } from "./request-log.js";

export interface RequestHandlerOptions {
  operations: readonly Operation[];
  context: ServerContext;
  maxBodyBytes: number;
  log: RequestLogEntry[];
  nextRequestNumber: () => number;
  /** Checks each request's credentials before anything else reads it; absent, any request is accepted. */
  authenticate?: Authenticate;
}

/**
 * Routes one HTTP request (1.1 or 2) to its operation and turns every failure into the answer AWS
 * would give. Nothing thrown here may escape: one bad request must not touch the others.
 */
export function createRequestHandler(options: RequestHandlerOptions) {
  return (request: AnyRequest, response: AnyResponse): void => {
    handle(request, response, options).catch(() => {
      if (!response.headersSent)
        sendAwsError(response, new AwsError("InternalServerException", "Internal error."), randomUUID());
      else response.destroy();
    });
  };
}

async function handle(
  request: AnyRequest,
  response: AnyResponse,
  options: RequestHandlerOptions,
): Promise<void> {
  const requestId = randomUUID();
  const requestNumber = options.nextRequestNumber();
  const rawPath = request.url ?? "/";
  const segments = pathSegments(rawPath);
  const matched = findOperation(options.operations, request.method ?? "", segments);
  const entry: RequestLogEntry = {
    requestNumber,
    requestId,
    operation: matched?.operation.name,
    targetId: matched?.targetId,
    method: request.method ?? "",
    path: rawPath,
    httpVersion: request.httpVersion,
    headers: redactCredentials(plainHeaders(request.headers)),
    body: undefined,
  };
  options.log.push(entry);
  let closed = false;
  response.on("close", () => {
    closed = true;
  });

  try {
    if (!matched) {
      if (options.authenticate)
        await authenticate(options.authenticate, request, rawPath, options.maxBodyBytes);
      else request.resume();
      throw new AwsError(
        "UnknownOperationException",
        "The requested operation is not recognized by the service.",
      );
    }
    const { operation } = matched;
    const query = new URLSearchParams(rawPath.split("?")[1] ?? "");
    const received = await readRawBody(request, operation, options.maxBodyBytes);
    // Before the body is parsed, a fault taken or an operation run: a refused request changes nothing.
    await options.authenticate?.({
      method: request.method ?? "",
      rawPath,
      headers: request.headers,
      body: received,
    });
    const rawBody = received ?? Buffer.alloc(0);
    const body = parseRequestBody(rawBody, operation, query);
    entry.body = body;
    const fault = options.context.faults.take({
      requestNumber,
      modelId: matched.targetId,
      operation: operation.name,
    });
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.error) {
      throw new AwsError(
        fault.error.type,
        fault.error.message ?? `bedrock-local injected ${fault.error.type}.`,
      );
    }
    const exchange: Exchange = {
      operation: operation.name,
      request,
      response,
      requestId,
      requestNumber,
      targetId: matched.targetId,
      rest: matched.rest,
      rawPath,
      query,
      body,
      rawBody,
      fault,
      server: options.context,
      isClosed: () => closed || response.destroyed,
    };
    await operation.handle(exchange);
    entry.status = response.statusCode;
    // A replayed recording answers with the request id it recorded; log the id the client saw.
    const sentRequestId = response.getHeader("x-amzn-requestid");
    if (typeof sentRequestId === "string") entry.requestId = sentRequestId;
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    entry.status = error.status;
    entry.error = error.name;
    entry.errorMessage = error.message;
    if (matched?.operation.requestBody === "stream") releaseUnreadInput(request, response);
    if (error.name === "RequestEntityTooLargeException" && request.httpVersionMajor === 1) {
      // Stop reading an oversized upload: answer, then close the stream or connection.
      response.setHeader("connection", "close");
    }
    sendAwsError(response, error, requestId);
  }
}

/**
 * An operation that reads its input as a stream may be answered before reading all of it (a fault's error,
 * a refusal up front), while the client may go on sending. Over HTTP/2 the stream is closed (NO_ERROR, the
 * answer sent first) once the answer is out: draining instead would hold it open for as long as the client
 * keeps its input open. Over HTTP/1.1 the rest of the body is read and dropped, so the connection can serve
 * the next request.
 */
function releaseUnreadInput(request: AnyRequest, response: AnyResponse): void {
  if (!("stream" in response)) {
    request.resume();
    return;
  }
  const { stream } = response;
  const close = () => {
    if (!stream.closed && !stream.destroyed) stream.close(http2.constants.NGHTTP2_NO_ERROR);
  };
  if (response.writableFinished) close();
  else response.once("finish", close);
}

/** An unknown path is refused for its credentials first, as any request is: its body is read for the signature. */
async function authenticate(
  check: Authenticate,
  request: AnyRequest,
  rawPath: string,
  maxBodyBytes: number,
): Promise<void> {
  const body = await readBody(request, maxBodyBytes);
  await check({ method: request.method ?? "", rawPath, headers: request.headers, body });
}

/** The body's bytes, or undefined for an operation that reads its body as a stream; see `Operation.requestBody`. */
async function readRawBody(
  request: AnyRequest,
  operation: Operation,
  maxBodyBytes: number,
): Promise<Buffer | undefined> {
  if ((operation.requestBody ?? "json") === "stream") return undefined;
  return readBody(request, maxBodyBytes);
}

/** The body as the operation wants it; see `Operation.requestBody`. */
function parseRequestBody(rawBody: Buffer, operation: Operation, query: URLSearchParams): JsonObject {
  const kind = operation.requestBody ?? "json";
  if (kind === "stream") return {};
  if (operation.method === "GET") return Object.fromEntries(query);
  if (kind === "bytes") return parseJsonObject(rawBody.toString("utf8")) ?? {};
  const body = parseJsonBody(rawBody);
  if (!isJsonObject(body)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object.");
  }
  return body;
}

function plainHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && !key.startsWith(":"))
      plain[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return plain;
}
