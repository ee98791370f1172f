import type http from "node:http";
import type { AnyRequest, AnyResponse } from "../http/exchange.js";
import type { RequestLogEntry } from "../request-log.js";
import { buildRecording, type CapturedExchange } from "./build-recording.js";
import type { RecordingFolder } from "./recording-folder.js";
import type { UpstreamSigner } from "./sign-upstream-request.js";

/** What every proxied request shares. */
export interface ProxyContext {
  upstream: URL;
  recordings: RecordingFolder;
  signer: UpstreamSigner;
  /** Keeps HTTP/1.1 connections to the upstream open between requests. */
  agent: http.Agent;
  maxBodyBytes: number;
  /** Told when a recording cannot be written; see `RecordOptions.onRecordingError`. */
  onRecordingError?: (message: string) => void;
}

/** One request being proxied. */
export interface ProxiedRequest {
  request: AnyRequest;
  response: AnyResponse;
  /** Fires when the client goes away before its answer is complete; registered as the request arrived. */
  clientGone: AbortSignal;
  /** Its place in the recordings folder, taken when it arrived. */
  sequence: number;
  operation: string | undefined;
  targetId: string | undefined;
  method: string;
  rawPath: string;
  entry: RequestLogEntry;
}

/** Notes the upstream's answer in the request log. */
export function logUpstreamAnswer(
  entry: RequestLogEntry,
  status: number,
  headers: NodeJS.Dict<string | string[]>,
) {
  entry.status = status;
  const requestId = headers["x-amzn-requestid"];
  if (typeof requestId === "string") entry.requestId = requestId;
  const errorType = headers["x-amzn-errortype"];
  if (typeof errorType === "string") entry.error = errorType.split(":")[0];
}

/** Writes the exchange's recording, then ends the client's response, so a finished call means a file on disk. */
export async function recordThenEnd(
  context: ProxyContext,
  proxied: ProxiedRequest,
  captured: Omit<CapturedExchange, "operation" | "upstream" | "method" | "rawPath">,
): Promise<void> {
  try {
    await context.recordings.write(
      proxied.sequence,
      proxied.operation,
      proxied.targetId,
      buildRecording({
        ...captured,
        operation: proxied.operation,
        upstream: context.upstream.origin,
        method: proxied.method,
        rawPath: proxied.rawPath,
      }),
    );
  } catch (error) {
    // The client still gets its whole answer; the lost recording must not go unnoticed, yet a library does
    // not write to the console: the log entry says it, and the embedder (the CLI prints it) may be told.
    const message = `could not write the recording of ${proxied.method} ${proxied.rawPath}: ${(error as Error).message}`;
    proxied.entry.recordingError = message;
    context.onRecordingError?.(message);
  } finally {
    proxied.response.end();
  }
}
