import type { JsonObject, ModelTurn } from "./model-turn.js";

/** Every Bedrock Runtime operation bedrock-local serves, by its API name. */
export type OperationName =
  | "Converse"
  | "ConverseStream"
  | "CountTokens"
  | "ApplyGuardrail"
  | "InvokeGuardrailChecks"
  | "InvokeModel"
  | "InvokeModelWithResponseStream"
  | "InvokeModelWithBidirectionalStream"
  | "StartAsyncInvoke"
  | "GetAsyncInvoke"
  | "ListAsyncInvokes";

export interface ModelRequest {
  operation: OperationName;
  /** The decoded model id (the guardrail id for ApplyGuardrail, the invocation ARN for GetAsyncInvoke, "" when the path has none). */
  modelId: string;
  /** The request path exactly as received. */
  rawPath: string;
  /**
   * The JSON body; for GET operations, the query parameters. A scripted model is given model-native bodies
   * (InvokeModel's and the like) translated into Converse's shape.
   */
  body: JsonObject;
  /** 1-based count of requests this server has received. */
  requestNumber: number;
}

/** A response captured from real Bedrock, served as recorded. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The body's bytes, for a body that is not JSON (recorded as `bodyBase64`). */
  rawBody?: Uint8Array;
  /** Raw `application/vnd.amazon.eventstream` bytes, when the recording kept them. */
  eventStream?: Uint8Array;
  /** Decoded events, for recordings that kept only those. */
  events?: { headers: Record<string, string>; payload: JsonObject }[];
}

export type ModelAnswer =
  | { kind: "turn"; turn: ModelTurn; contextWindow: number }
  | { kind: "recorded"; response: RecordedResponse };

/** Something that can answer model requests: the scripted model, the replay of recordings. */
export interface ModelSource {
  /**
   * True when the source serves what real Bedrock answered, its guardrails already applied; false when it
   * generates answers, around which bedrock-local applies the request's `guardrailConfig` itself.
   */
  readonly recorded: boolean;
  /** The answer, or `undefined` when this source does not serve the request's model. */
  answer(request: ModelRequest): ModelAnswer | undefined;
  /** Whether this source knows the model id at all (CountTokens asks, without consuming a turn). */
  serves(modelId: string): boolean;
}

/** Whether any source that generates answers (not a replay of recordings) knows the model. */
export function servesModel(models: readonly ModelSource[], modelId: string): boolean {
  return models.some((source) => !source.recorded && source.serves(modelId));
}
