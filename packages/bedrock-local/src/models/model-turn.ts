/** A JSON object as it travels on the wire. */
export type JsonObject = { [key: string]: unknown };

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Token usage as Bedrock reports it in `usage`. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  /** The tokens written to the prompt cache, by the cache points' time to live. */
  cacheDetails?: { ttl: string; inputTokens: number }[];
}

/** One content block of an answer, in a form both Converse and ConverseStream render from. */
export type TurnBlock =
  | { kind: "text"; text: string }
  | { kind: "cited-text"; text: string; citations: JsonObject[] }
  | { kind: "reasoning"; text: string; signature?: string }
  | { kind: "redacted-reasoning"; data: string }
  /** Generated image bytes (base64), streamed as `imageBlockStart` and `image` deltas. */
  | { kind: "image"; format: string; bytes: string }
  /** Generated audio bytes (base64): Converse only, ConverseStream has no audio events. */
  | { kind: "audio"; format: string; bytes: string }
  | {
      kind: "tool-use";
      toolUseId: string;
      name: string;
      input: unknown;
      type?: "tool_use" | "server_tool_use";
      /** Streamed as the input's JSON text instead of `input` serialised (it need not be valid JSON). */
      rawInput?: string;
    };

/** How a streamed answer is paced. */
export interface Pacing {
  /** Characters per text, reasoning or tool-input delta. */
  chunkSize: number;
  /** Pause before each event after the first, in milliseconds. */
  delayMs: number;
}

/** A model's whole answer to one Converse or ConverseStream request. */
export interface ModelTurn {
  content: TurnBlock[];
  stopReason: string;
  usage: Usage;
  pacing: Pacing;
  additionalModelResponseFields?: JsonObject;
  trace?: JsonObject;
  /** The request's `serviceTier` and `performanceConfig`, which Bedrock echoes in its response. */
  echo?: { serviceTier?: JsonObject; performanceConfig?: JsonObject };
}

export const DEFAULT_PACING: Pacing = { chunkSize: 12, delayMs: 0 };
