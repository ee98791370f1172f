/**
 * One recording file as bedrock-local's replay reads it (the shared corpus format, `formatVersion` 1): the
 * request as the SDK sent it (method, path with the model id, JSON body) and Bedrock's response (JSON body,
 * or an event stream's decoded events).
 */
export interface RecordingFile {
  formatVersion?: number;
  source?: Record<string, unknown>;
  description?: string;
  interactions?: RecordedInteraction[];
}

export interface RecordedInteraction {
  request: { method: string; path: string; headers?: Record<string, string>; body: unknown };
  response: {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
    bodyBase64?: string;
    events?: RecordedEvent[];
    eventstreamBase64?: string;
  };
}

/** One event of an event stream: its headers (`:event-type`…) and its JSON payload. */
export interface RecordedEvent {
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

/** The format version written (the one bedrock-local reads). */
export const RECORDING_FORMAT_VERSION = 1;

/** A ConverseStream request's path: the model id escaped as the SDK escapes it (`:` as `%3A`). */
export function converseStreamPath(modelId: string): string {
  return `/model/${encodeURIComponent(modelId)}/converse-stream`;
}

/** The operation and model id a Converse or ConverseStream path names; undefined for any other path. */
export function converseTarget(
  path: string,
): { operation: "Converse" | "ConverseStream"; modelId: string } | undefined {
  const match = /^\/model\/([^/?]+)\/(converse|converse-stream)(?:\?.*)?$/.exec(path);
  if (!match) return undefined;
  return {
    operation: match[2] === "converse" ? "Converse" : "ConverseStream",
    modelId: decodeURIComponent(match[1] as string),
  };
}
