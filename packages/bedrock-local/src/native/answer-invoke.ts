import { guardWholeOutput } from "../guardrails/guard-converse-turn.js";
import { validationError } from "../http/aws-error.js";
import { type OperationName, type RecordedResponse, servesModel } from "../models/model-source.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { answerScriptedRequest } from "../operations/answer-model-request.js";
import type { Exchange } from "../operations/operation.js";
import { recordedAnswer } from "../operations/send-recorded.js";
import { anthropicMessageId } from "./anthropic-response.js";
import type { ChatFormat, NativeMessageParts } from "./chat-format.js";
import { chatFormatOf } from "./chat-format-of.js";
import { guardrailConfigFor, guardrailMarks } from "./invoke-guardrail.js";
import { type InvokeHeaders, readInvokeHeaders } from "./invoke-headers.js";
import { jsonTypeName, malformedInput } from "./malformed-input.js";
import { type EmbeddingAnswer, titanEmbedding, titanEmbedVersion } from "./titan-embeddings.js";

/** The answer to an InvokeModel or InvokeModelWithResponseStream request, before it is rendered. */
export type InvokeAnswer =
  | { kind: "recorded"; response: RecordedResponse }
  | { kind: "embedding"; headers: InvokeHeaders; embedding: EmbeddingAnswer }
  | {
      kind: "message";
      headers: InvokeHeaders;
      format: ChatFormat;
      parts: NativeMessageParts;
      /** Fields Bedrock adds to the body when a guardrail ran (none without a guardrail). */
      marks: JsonObject;
    };

type InvokeOperation = Extract<OperationName, "InvokeModel" | "InvokeModelWithResponseStream">;

/**
 * Answers a model-native request. The headers are checked first; a replayed recording answers as recorded;
 * an embeddings model computes its vector; a chat body is translated into Converse's shape and answered by
 * the model sources exactly as Converse is (validation, guardrail, script turn, context window).
 */
export function answerInvoke(exchange: Exchange, operation: InvokeOperation): InvokeAnswer {
  const headers = readInvokeHeaders(exchange.request, operation === "InvokeModelWithResponseStream");
  const recorded = recordedAnswer(exchange);
  if (recorded) return { kind: "recorded", response: recorded };
  const body = parseNativeBody(exchange.rawBody);

  const embedVersion = titanEmbedVersion(exchange.targetId);
  if (embedVersion) {
    // Embeddings are a function of the input: no script turn is used, but the model id must be served.
    if (!servesModel(exchange.server.models, exchange.targetId))
      throw validationError("The provided model identifier is invalid.");
    if (operation === "InvokeModelWithResponseStream")
      throw validationError("The model is unsupported for streaming.");
    if (headers.guardrail) throw validationError("Guardrails are not supported by this model.");
    return { kind: "embedding", headers, embedding: titanEmbedding(embedVersion, body) };
  }

  const format = chatFormatFor(exchange.targetId, body);
  const guardrailConfig = guardrailConfigFor(headers, body);
  const converseBody = format.toConverse(body);
  // The recording was looked for above: the scripted model answers.
  const answer = answerScriptedRequest(
    { ...exchange, body: guardrailConfig ? { ...converseBody, guardrailConfig } : converseBody },
    operation,
  );
  const turn = answer.outputGuard
    ? guardWholeOutput(answer.outputGuard, answer.turn, operation)
    : answer.turn;
  return {
    kind: "message",
    headers,
    format,
    parts: { id: anthropicMessageId(exchange.requestId), modelId: exchange.targetId, turn },
    marks: guardrailConfig ? guardrailMarks(turn) : {},
  };
}

function chatFormatFor(modelId: string, body: JsonObject): ChatFormat {
  const format = chatFormatOf(modelId, body);
  if (format) return format;
  throw validationError(
    "bedrock-local serves InvokeModel bodies in Anthropic Claude's Messages format (anthropic_version), Amazon Nova's messages-v1 schema (schemaVersion) and Amazon Titan text embeddings; this body is in none of them.",
  );
}

/** The body must be a JSON object; Bedrock words a body it cannot read as a malformed input request. */
function parseNativeBody(raw: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw validationError("Malformed input request, please reformat your input and try again.");
  }
  if (!isJsonObject(parsed))
    throw malformedInput([`#: expected type: JSONObject, found: ${jsonTypeName(parsed)}`]);
  return parsed;
}

/** The token and latency headers InvokeModel's response carries; cache counts only when the turn has them. */
export function tokenHeaders(
  usage: {
    inputTokens: number;
    outputTokens: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
  },
  latencyMs: number,
): Record<string, string> {
  const cached = usage.cacheReadInputTokens !== undefined || usage.cacheWriteInputTokens !== undefined;
  return {
    ...(cached
      ? {
          "x-amzn-bedrock-cache-read-input-token-count": String(usage.cacheReadInputTokens ?? 0),
          "x-amzn-bedrock-cache-write-input-token-count": String(usage.cacheWriteInputTokens ?? 0),
        }
      : {}),
    "x-amzn-bedrock-input-token-count": String(usage.inputTokens),
    "x-amzn-bedrock-invocation-latency": String(latencyMs),
    "x-amzn-bedrock-output-token-count": String(usage.outputTokens),
  };
}
