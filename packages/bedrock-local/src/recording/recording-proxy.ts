import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { AwsError } from "../http/aws-error.js";
import { type AnyRequest, type AnyResponse, sendAwsError } from "../http/exchange.js";
import { pathSegments } from "../http/route-path.js";
import { findOperation } from "../operations/find-operation.js";
import { OPERATIONS } from "../operations/index.js";
import type { RequestLogEntry } from "../request-log.js";
import { forwardedRequestHeaders } from "./forwarded-headers.js";
import { proxyBidirectionalStream } from "./proxy-bidirectional-stream.js";
import type { ProxiedRequest, ProxyContext } from "./proxy-context.js";
import { proxyRequest } from "./proxy-request.js";
import type { RecordOptions } from "./record-options.js";
import { RecordingFolder } from "./recording-folder.js";
import { createUpstreamSigner } from "./sign-upstream-request.js";
import { upstreamRegion } from "./upstream-region.js";

export interface RecordingProxyOptions extends RecordOptions {
  maxBodyBytes: number;
  log: RequestLogEntry[];
  nextRequestNumber: () => number;
}

export interface RecordingProxy {
  handler: (request: AnyRequest, response: AnyResponse) => void;
  close(): void;
}

/**
 * Makes the server a recording proxy: each request, whatever its method and path, is signed again with the
 * recorder's credentials and sent to the upstream Bedrock endpoint; the answer streams back to the client
 * as it arrives and, once complete, is written to the recordings folder.
 */
export async function createRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const upstream = parseUpstream(options.upstream);
  const context: ProxyContext = {
    upstream,
    recordings: await RecordingFolder.open(options.folder),
    signer: createUpstreamSigner(upstream, upstreamRegion(upstream, options.region), options.credentials),
    agent:
      upstream.protocol === "https:"
        ? new https.Agent({ keepAlive: true })
        : new http.Agent({ keepAlive: true }),
    maxBodyBytes: options.maxBodyBytes,
  };
  return {
    handler: (request, response) => {
      const proxied = arrived(request, response, context, options);
      proxy(context, proxied).catch(() => {
        // Nothing thrown here may escape: one failed exchange must not touch the others.
        if (!response.headersSent)
          sendAwsError(
            response,
            new AwsError("InternalServerException", "Internal error."),
            proxied.entry.requestId,
          );
        else response.destroy();
      });
    },
    close: () => context.agent.destroy(),
  };
}

function parseUpstream(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== "https:" && url?.protocol !== "http:")
    throw new TypeError(`record.upstream must be an http(s) URL, got ${JSON.stringify(value)}`);
  return url;
}

/** Notes a request in the log and takes its place in the recordings folder, in arrival order. */
function arrived(
  request: AnyRequest,
  response: AnyResponse,
  context: ProxyContext,
  options: RecordingProxyOptions,
): ProxiedRequest {
  const method = request.method ?? "GET";
  const rawPath = request.url ?? "/";
  const matched = findOperation(OPERATIONS, method, pathSegments(rawPath));
  const entry: RequestLogEntry = {
    requestNumber: options.nextRequestNumber(),
    requestId: randomUUID(),
    operation: matched?.operation.name,
    targetId: matched?.targetId,
    method,
    path: rawPath,
    httpVersion: request.httpVersion,
    headers: forwardedRequestHeaders(request.headers),
    body: undefined,
  };
  options.log.push(entry);
  return {
    request,
    response,
    sequence: context.recordings.reserve(),
    operation: matched?.operation.name,
    targetId: matched?.targetId,
    method,
    rawPath,
    entry,
  };
}

async function proxy(context: ProxyContext, proxied: ProxiedRequest): Promise<void> {
  try {
    const bidirectional = proxied.operation === "InvokeModelWithBidirectionalStream";
    await (bidirectional ? proxyBidirectionalStream(context, proxied) : proxyRequest(context, proxied));
  } catch (error) {
    const answer =
      error instanceof AwsError ? error : new AwsError("InternalServerException", "Internal error.");
    proxied.entry.status = answer.status;
    proxied.entry.error = answer.name;
    proxied.entry.errorMessage = answer.message;
    if (proxied.response.headersSent) proxied.response.destroy();
    else sendAwsError(proxied.response, answer, proxied.entry.requestId);
  }
}
