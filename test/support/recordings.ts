import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The shared corpus of real Bedrock Runtime recordings (read-only ground truth). */
export const RECORDINGS_DIR = fileURLToPath(
  new URL("../../../shared/fixtures/bedrock-recordings/", import.meta.url),
);

/** The operations the tests read from the corpus. */
export type RecordedOperation =
  | "Converse"
  | "ConverseStream"
  | "CountTokens"
  | "ApplyGuardrail"
  | "InvokeModel"
  | "InvokeModelWithResponseStream";

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
  file: string;
  /** Its position among the file's interactions. */
  index: number;
  /** `<file>#<index>`, for test names. */
  name: string;
  operation: RecordedOperation;
  /** The path split on `/` and then decoded: `["model", "amazon.nova-micro-v1:0", "converse"]`. */
  segments: string[];
  requestBody: Record<string, unknown> | null;
  /** The recorded request headers (only content-type, accept and x-amzn-bedrock-* were kept). */
  requestHeaders: Record<string, string>;
  response: RecordedResponse;
}

/** One Converse or ConverseStream exchange of the corpus. */
export interface RecordedExchange extends RecordedInteraction {
  operation: "Converse" | "ConverseStream";
  modelId: string;
}

export interface Recording {
  file: string;
  interactions: RecordedInteraction[];
}

interface RecordingFile {
  interactions: {
    request: { path: string; headers?: Record<string, string>; body: Record<string, unknown> | null };
    response: RecordedResponse;
  }[];
}

/** Every recording of the corpus holding at least one exchange of a recorded operation, by file name. */
export function loadReplayableRecordings(): Recording[] {
  const recordings: Recording[] = [];
  for (const file of readdirSync(RECORDINGS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const parsed = JSON.parse(readFileSync(path.join(RECORDINGS_DIR, file), "utf8")) as RecordingFile;
    const interactions: RecordedInteraction[] = [];
    for (const [index, { request, response }] of parsed.interactions.entries()) {
      // Split before decoding: an ARN's "/" arrives as %2F.
      const segments = request.path.split("/").filter(Boolean).map(decodeURIComponent);
      const operation = operationOf(segments);
      if (operation)
        interactions.push({
          file,
          index,
          name: `${file}#${index}`,
          operation,
          segments,
          requestBody: request.body,
          requestHeaders: request.headers ?? {},
          response,
        });
    }
    if (interactions.length > 0) recordings.push({ file, interactions });
  }
  return recordings;
}

function operationOf(segments: string[]): RecordedOperation | undefined {
  if (segments.length === 3 && segments[0] === "model") {
    const byName: Record<string, RecordedOperation> = {
      converse: "Converse",
      "converse-stream": "ConverseStream",
      "count-tokens": "CountTokens",
      invoke: "InvokeModel",
      "invoke-with-response-stream": "InvokeModelWithResponseStream",
    };
    return byName[segments[2] ?? ""];
  }
  if (segments.length === 5 && segments[0] === "guardrail" && segments[4] === "apply")
    return "ApplyGuardrail";
  return undefined;
}

/** Every Converse and ConverseStream exchange of the corpus, in file order. */
export function loadConverseExchanges(): RecordedExchange[] {
  return loadReplayableRecordings().flatMap(({ interactions }) =>
    interactions.flatMap((interaction) =>
      interaction.operation === "Converse" || interaction.operation === "ConverseStream"
        ? [{ ...interaction, operation: interaction.operation, modelId: interaction.segments[1] ?? "" }]
        : [],
    ),
  );
}

/** The ConverseStream exchanges that were answered with a 200 event stream. */
export function loadStreamedExchanges(): (RecordedExchange & { response: { events: RecordedEvent[] } })[] {
  return loadConverseExchanges().filter(
    (exchange): exchange is RecordedExchange & { response: { events: RecordedEvent[] } } =>
      exchange.operation === "ConverseStream" &&
      exchange.response.status === 200 &&
      Array.isArray(exchange.response.events),
  );
}

/** One exchange by file and position. */
export function findExchange(file: string, index = 0): RecordedExchange {
  const exchange = loadConverseExchanges().find((item) => item.file === file && item.index === index);
  if (!exchange) throw new Error(`no Converse exchange ${file}#${index} in the corpus`);
  return exchange;
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
