import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { AwsError } from "../http/aws-error.js";
import { type AnyRequest, type AnyResponse, sendAwsError } from "../http/exchange.js";
import { pathSegments } from "../http/route-path.js";
import { findOperation } from "../operations/find-operation.js";
import { OPERATIONS } from "../operations/index.js";
import type { RequestLogEntry } from "../request-log.js";
import { clientGoneSignal } from "./client-gone.js";
import { refusalOf } from "./foreign-request.js";
import { forwardedRequestHeaders } from "./forwarded-headers.js";
import { proxyBidirectionalStream } from "./proxy-bidirectional-stream.js";
import type { ProxiedRequest, ProxyContext } from "./proxy-context.js";
import { proxyRequest } from "./proxy-request.js";
import type { RecordOptions } from "./record-options.js";
import { RecordingFolder } from "./recording-folder.js";
import { createUpstreamSigner } from "./sign-upstream-request.js";
import { upstreamRegion } from "./upstream-region.js";

export interface RecordingProxyOptions extends RecordOptions {
  /** The address the server listens on: on a loopback one, requests must name a loopback host. */
  listeningHost: string;
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
    ...(options.onRecordingError ? { onRecordingError: options.onRecordingError } : {}),
  };
  return {
    handler: (request, response) => {
      // Nothing thrown here may escape (a throw in a request listener would stop the server, a rejection
      // go unhandled): one failed exchange must not touch the others.
      handle(context, options, request, response).catch(() => answerInternalError(response));
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

async function handle(
  context: ProxyContext,
  options: RecordingProxyOptions,
  request: AnyRequest,
  response: AnyResponse,
): Promise<void> {
  const entry = logged(request, options);
  const refusal = refusalOf(request, options.listeningHost);
  if (refusal) {
    // Answered without forwarding and without a recording (nor a place in the recordings' numbering).
    request.resume();
    answerError(response, entry, refusal);
    return;
  }
  const proxied: ProxiedRequest = {
    request,
    response,
    clientGone: clientGoneSignal(response),
    sequence: context.recordings.reserve(),
    operation: entry.operation,
    targetId: entry.targetId,
    method: entry.method,
    rawPath: entry.path,
    entry,
  };
  proxied.clientGone.addEventListener(
    "abort",
    () => {
      entry.errorMessage = "The client went away before its answer was complete.";
    },
    { once: true },
  );
  try {
    const bidirectional = proxied.operation === "InvokeModelWithBidirectionalStream";
    await (bidirectional ? proxyBidirectionalStream(context, proxied) : proxyRequest(context, proxied));
  } catch (error) {
    // A client gone has nobody to read an answer; whatever failed because of it is no error of the upstream.
    if (proxied.clientGone.aborted) {
      response.destroy();
      return;
    }
    const answer =
      error instanceof AwsError ? error : new AwsError("InternalServerException", "Internal error.");
    answerError(response, entry, answer);
  }
}

/** Notes a request in the log, in arrival order. */
function logged(request: AnyRequest, options: RecordingProxyOptions): RequestLogEntry {
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
  return entry;
}

/** Logs `error` and sends it, or cuts the response off when its headers are already out. */
function answerError(response: AnyResponse, entry: RequestLogEntry, error: AwsError): void {
  entry.status = error.status;
  entry.error = error.name;
  entry.errorMessage = error.message;
  if (response.headersSent) response.destroy();
  else sendAwsError(response, error, entry.requestId);
}

/** The last resort when handling itself failed: it must not throw in turn. */
function answerInternalError(response: AnyResponse): void {
  try {
    if (response.headersSent) response.destroy();
    else sendAwsError(response, new AwsError("InternalServerException", "Internal error."), randomUUID());
  } catch {
    response.destroy();
  }
}
