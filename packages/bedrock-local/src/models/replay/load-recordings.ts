import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathSegments } from "../../http/route-path.js";
import type { ModelOperation, RecordedResponse } from "../model-source.js";
import type { JsonObject } from "../model-turn.js";

/** One recorded request and the response Bedrock gave it. */
export interface RecordedExchange {
  file: string;
  operation: ModelOperation;
  /** Decoded model id, or guardrail id for ApplyGuardrail. */
  targetId: string;
  requestBody: JsonObject;
  response: RecordedResponse;
}

interface RecordingFile {
  interactions?: {
    request: { method: string; path: string; body: JsonObject | null };
    response: {
      status: number;
      headers?: Record<string, string>;
      body?: unknown;
      events?: { headers: Record<string, string>; payload: JsonObject }[];
      eventstreamBase64?: string;
    };
  }[];
}

const MODEL_OPERATIONS: Record<string, ModelOperation> = {
  converse: "Converse",
  "converse-stream": "ConverseStream",
  "count-tokens": "CountTokens",
};

/**
 * Reads every `*.json` recording in `folder` (the format of the shared recordings corpus) and keeps the
 * exchanges of the operations bedrock-local serves. Exchanges of other operations are skipped.
 */
export async function loadRecordings(folder: string): Promise<RecordedExchange[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  const exchanges: RecordedExchange[] = [];
  for (const name of files) {
    const file = path.join(folder, name);
    const recording = JSON.parse(await readFile(file, "utf8")) as RecordingFile;
    for (const { request, response } of recording.interactions ?? []) {
      const target = operationOf(request.path);
      if (!target) continue;
      exchanges.push({
        file,
        ...target,
        requestBody: request.body ?? {},
        response: {
          status: response.status,
          headers: response.headers ?? {},
          body: response.body ?? null,
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

function operationOf(rawPath: string): { operation: ModelOperation; targetId: string } | undefined {
  const segments = pathSegments(rawPath);
  if (segments.length === 3 && segments[0] === "model") {
    const operation = MODEL_OPERATIONS[segments[2] as string];
    return operation ? { operation, targetId: segments[1] as string } : undefined;
  }
  if (
    segments.length === 5 &&
    segments[0] === "guardrail" &&
    segments[2] === "version" &&
    segments[4] === "apply"
  ) {
    return { operation: "ApplyGuardrail", targetId: segments[1] as string };
  }
  return undefined;
}
