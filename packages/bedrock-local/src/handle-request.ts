import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { AwsError } from "./http/aws-error.js";
import { type AnyRequest, type AnyResponse, sendAwsError } from "./http/exchange.js";
import { parseJsonBody, readBody } from "./http/read-body.js";
import { pathSegments } from "./http/route-path.js";
import type { JsonObject } from "./models/model-turn.js";
import type { Exchange, Operation, ServerContext } from "./operations/operation.js";
import type { RequestLogEntry } from "./request-log.js";

export interface RequestHandlerOptions {
  operations: readonly Operation[];
  context: ServerContext;
  maxBodyBytes: number;
  log: RequestLogEntry[];
  nextRequestNumber: () => number;
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
  const matched = findOperation(options.operations, segments);
  const entry: RequestLogEntry = {
    requestNumber,
    requestId,
    operation: matched?.operation.name,
    targetId: matched?.targetId,
    method: request.method ?? "",
    path: rawPath,
    httpVersion: request.httpVersion,
    headers: plainHeaders(request.headers),
    body: undefined,
  };
  options.log.push(entry);
  let closed = false;
  response.on("close", () => {
    closed = true;
  });

  try {
    if (!matched || request.method !== "POST") {
      request.resume();
      throw new AwsError(
        "UnknownOperationException",
        "The requested operation is not recognized by the service.",
      );
    }
    const raw = await readBody(request, options.maxBodyBytes);
    const body = parseJsonBody(raw);
    entry.body = body;
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new AwsError("SerializationException", "The request body must be a JSON object.");
    }
    const fault = options.context.faults.take({
      requestNumber,
      modelId: matched.targetId,
      operation: matched.operation.name,
    });
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.error) {
      throw new AwsError(
        fault.error.type,
        fault.error.message ?? `bedrock-local injected ${fault.error.type}.`,
      );
    }
    const exchange: Exchange = {
      request,
      response,
      requestId,
      requestNumber,
      targetId: matched.targetId,
      rest: matched.rest,
      rawPath,
      body: body as JsonObject,
      fault,
      server: options.context,
      isClosed: () => closed || response.destroyed,
    };
    await matched.operation.handle(exchange);
    entry.status = response.statusCode;
    // A replayed recording answers with the request id it recorded; log the id the client saw.
    const sentRequestId = response.getHeader("x-amzn-requestid");
    if (typeof sentRequestId === "string") entry.requestId = sentRequestId;
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    entry.status = error.status;
    entry.error = error.name;
    entry.errorMessage = error.message;
    if (error.name === "RequestEntityTooLargeException" && request.httpVersionMajor === 1) {
      // Stop reading an oversized upload: answer, then close the stream or connection.
      response.setHeader("connection", "close");
    }
    sendAwsError(response, error, requestId);
  }
}

function findOperation(operations: readonly Operation[], segments: string[]) {
  for (const operation of operations) {
    const match = operation.match(segments);
    if (match) return { operation, ...match };
  }
  return undefined;
}

function plainHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && !key.startsWith(":"))
      plain[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return plain;
}
