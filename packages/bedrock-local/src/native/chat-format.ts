import type { JsonObject, ModelTurn } from "../models/model-turn.js";

/** What rendering a chat answer in a model-native format needs. */
export interface NativeMessageParts {
  /** The message id (Claude's `msg_bdrk_…`; formats without one ignore it). */
  id: string;
  /** The Bedrock model id as the request addressed it. */
  modelId: string;
  turn: ModelTurn;
}

/**
 * A chat model's native request and response format. A request is checked and translated into Converse's
 * shape (so the script, `expect`, guardrails and the context window work as for Converse); the answer is
 * rendered back in the format, whole (InvokeModel) or as stream chunks (InvokeModelWithResponseStream).
 */
export interface ChatFormat {
  name: "anthropic-messages" | "nova-messages";
  toConverse(body: JsonObject): JsonObject;
  render(parts: NativeMessageParts): JsonObject;
  /** Every stream chunk but the last, in order. */
  streamChunks(parts: NativeMessageParts): JsonObject[];
  /** The last chunk, before Bedrock adds its invocation metrics (and guardrail fields) to it. */
  lastChunk(parts: NativeMessageParts): JsonObject;
}
