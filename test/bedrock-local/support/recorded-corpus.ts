import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { RECORDINGS_DIR } from "../../support/recordings.js";

/** The operations bedrock-local replays today (InvokeModel and its stream come later). */
export type ReplayedOperation = "Converse" | "ConverseStream" | "CountTokens" | "ApplyGuardrail";

export interface RecordedEvent {
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  events?: RecordedEvent[];
  eventstreamBase64?: string;
}

/** One request of a recording and the response real Bedrock gave it. */
export interface RecordedInteraction {
  operation: ReplayedOperation;
  /** The path split on `/` and then decoded: `["model", "amazon.nova-micro-v1:0", "converse"]`. */
  segments: string[];
  body: Record<string, unknown> | null;
  response: RecordedResponse;
}

export interface Recording {
  file: string;
  interactions: RecordedInteraction[];
}

interface RecordingFile {
  interactions: {
    request: { path: string; body: Record<string, unknown> | null };
    response: RecordedResponse;
  }[];
}

/** Every recording of the corpus holding at least one exchange of a replayed operation, by file name. */
export function loadReplayableRecordings(): Recording[] {
  const recordings: Recording[] = [];
  for (const file of readdirSync(RECORDINGS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const parsed = JSON.parse(readFileSync(path.join(RECORDINGS_DIR, file), "utf8")) as RecordingFile;
    const interactions: RecordedInteraction[] = [];
    for (const { request, response } of parsed.interactions) {
      const segments = request.path.split("/").filter(Boolean).map(decodeURIComponent);
      const operation = operationOf(segments);
      if (operation) interactions.push({ operation, segments, body: request.body, response });
    }
    if (interactions.length > 0) recordings.push({ file, interactions });
  }
  return recordings;
}

function operationOf(segments: string[]): ReplayedOperation | undefined {
  if (segments.length === 3 && segments[0] === "model") {
    const byName: Record<string, ReplayedOperation> = {
      converse: "Converse",
      "converse-stream": "ConverseStream",
      "count-tokens": "CountTokens",
    };
    return byName[segments[2] ?? ""];
  }
  if (segments.length === 5 && segments[0] === "guardrail" && segments[4] === "apply")
    return "ApplyGuardrail";
  return undefined;
}

/**
 * The recorded JSON body as SDK input: blob members travel as base64 in JSON, but the SDK takes their
 * bytes (and base64-encodes them itself), so `source.bytes` and `redactedContent` are decoded here.
 */
export function toSdkInput(value: unknown, key = ""): unknown {
  if (typeof value === "string" && (key === "bytes" || key === "redactedContent"))
    return new Uint8Array(Buffer.from(value, "base64"));
  if (Array.isArray(value)) return value.map((item) => toSdkInput(item));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, toSdkInput(item, name)]));
  return value;
}
