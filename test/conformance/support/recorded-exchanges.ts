import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { RECORDINGS_DIR } from "../../support/recordings.js";

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

/** One Converse or ConverseStream exchange of the corpus. */
export interface RecordedExchange {
  file: string;
  /** Its position among the file's interactions. */
  index: number;
  /** `<file>#<index>`, for test names. */
  name: string;
  operation: "Converse" | "ConverseStream";
  modelId: string;
  requestBody: Record<string, unknown> | null;
  response: RecordedResponse;
}

interface RecordingFile {
  interactions: {
    request: { path: string; body: Record<string, unknown> | null };
    response: RecordedResponse;
  }[];
}

/** Every Converse and ConverseStream exchange of the corpus, in file order. */
export function loadConverseExchanges(): RecordedExchange[] {
  const exchanges: RecordedExchange[] = [];
  for (const file of readdirSync(RECORDINGS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const recording = JSON.parse(readFileSync(path.join(RECORDINGS_DIR, file), "utf8")) as RecordingFile;
    for (const [index, { request, response }] of recording.interactions.entries()) {
      // Split before decoding: an ARN's "/" arrives as %2F.
      const [root, modelId, action] = request.path.split("/").filter(Boolean).map(decodeURIComponent);
      if (root !== "model" || !modelId) continue;
      const operation =
        action === "converse-stream" ? "ConverseStream" : action === "converse" ? "Converse" : undefined;
      if (!operation) continue;
      exchanges.push({
        file,
        index,
        name: `${file}#${index}`,
        operation,
        modelId,
        requestBody: request.body,
        response,
      });
    }
  }
  return exchanges;
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
