import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathSegments } from "../../http/route-path.js";
import { findOperation } from "../../operations/find-operation.js";
import { OPERATIONS } from "../../operations/index.js";
import { RECORDING_FORMAT_VERSION } from "../../recording/build-recording.js";
import type { OperationName, RecordedResponse } from "../model-source.js";
import type { JsonObject } from "../model-turn.js";

/** One recorded request and the response Bedrock gave it. */
export interface RecordedExchange {
  file: string;
  operation: OperationName;
  /** Decoded model id, guardrail id for ApplyGuardrail, invocation ARN for GetAsyncInvoke, "" when the path has none. */
  targetId: string;
  /** The recorded JSON body; for GET operations, the query parameters. */
  requestBody: JsonObject;
  response: RecordedResponse;
}

interface RecordingFile {
  formatVersion?: number;
  interactions?: {
    request: { method: string; path: string; body: JsonObject | null };
    response: {
      status: number;
      headers?: Record<string, string>;
      body?: unknown;
      bodyBase64?: string;
      events?: { headers: Record<string, string>; payload: JsonObject }[];
      eventstreamBase64?: string;
    };
  }[];
}

/**
 * Reads every `*.json` recording in `folder` (the format of the shared recordings corpus) and keeps the
 * exchanges of the operations bedrock-local serves (all of Bedrock Runtime's). Unknown paths are skipped.
 */
export async function loadRecordings(folder: string): Promise<RecordedExchange[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  const exchanges: RecordedExchange[] = [];
  for (const name of files) {
    const file = path.join(folder, name);
    const recording = JSON.parse(await readFile(file, "utf8")) as RecordingFile;
    const version = recording.formatVersion ?? 1;
    if (version > RECORDING_FORMAT_VERSION)
      throw new TypeError(
        `${file} is in recordings format ${version}; this bedrock-local reads format ${RECORDING_FORMAT_VERSION} (upgrade it to replay this file).`,
      );
    for (const { request, response } of recording.interactions ?? []) {
      const target = findOperation(OPERATIONS, request.method, pathSegments(request.path));
      if (!target) continue;
      const query = request.path.split("?")[1];
      exchanges.push({
        file,
        operation: target.operation.name,
        targetId: target.targetId,
        requestBody:
          target.operation.method === "GET"
            ? Object.fromEntries(new URLSearchParams(query ?? ""))
            : (request.body ?? {}),
        response: {
          status: response.status,
          headers: response.headers ?? {},
          body: response.body ?? null,
          ...(response.bodyBase64 ? { rawBody: Buffer.from(response.bodyBase64, "base64") } : {}),
          ...(response.eventstreamBase64
            ? { eventStream: Buffer.from(response.eventstreamBase64, "base64") }
            : {}),
          ...(!response.eventstreamBase64 && response.events ? { events: response.events } : {}),
        },
      });
    }
  }
  return exchanges;
}
