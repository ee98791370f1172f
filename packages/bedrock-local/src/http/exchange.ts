import type http from "node:http";
import type http2 from "node:http2";
import type { AwsError } from "./aws-error.js";

export type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

/** Writes a JSON body with the headers AWS sends on every Bedrock Runtime response. */
export function sendJson(
  response: AnyResponse,
  status: number,
  body: unknown,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(payload.length),
    "x-amzn-requestid": requestId,
    ...extraHeaders,
  });
  response.end(payload);
}

/** Answers with an AWS error: status, `x-amzn-ErrorType`, and a `{"message"}` body without `__type`, as Bedrock does. */
export function sendAwsError(response: AnyResponse, error: AwsError, requestId: string): void {
  sendJson(response, error.status, { [error.messageMember]: error.message }, requestId, {
    "x-amzn-errortype": error.errorTypeHeader,
  });
}
