import { createHash } from "node:crypto";
import { type AwsError, validationError } from "../http/aws-error.js";
import type { JsonObject, ModelTurn, TurnBlock } from "../models/model-turn.js";
import { chunk } from "../models/render-stream-events.js";

/**
 * Claude's stop reasons; Converse-only ones are mapped to the one Claude gives for the same situation
 * (a guardrail's message ends the turn normally, a content filter is Claude's `refusal`).
 */
export function anthropicStopReason(stopReason: string): string {
  if (stopReason === "guardrail_intervened") return "end_turn";
  if (stopReason === "content_filtered") return "refusal";
  return stopReason;
}

/** `msg_bdrk_` and 24 base62 characters, as Bedrock's Claude ids, stable for one request id. */
export function anthropicMessageId(seed: string): string {
  const digest = createHash("sha256")
    .update(seed)
    .digest("base64")
    .replace(/[^a-zA-Z0-9]/g, "");
  return `msg_bdrk_01${digest.slice(0, 22)}`;
}

/**
 * The `model` Claude reports: the Bedrock id without its inference-profile prefix, provider and version
 * suffix (`us.anthropic.claude-3-5-sonnet-20240620-v1:0` is `claude-3-5-sonnet-20240620`).
 */
export function anthropicModelName(modelId: string): string {
  const last = modelId.split("/").pop() ?? modelId;
  return last
    .replace(/^(?:[a-z]{2,6}\.)?anthropic\./, "")
    .replace(/-v\d+(?::\d+)?$/, "")
    .replace(/:\d+$/, "");
}

/** A Claude usage object: cache counts only when the turn has them, in the order Bedrock sends them. */
export function anthropicUsage(turn: ModelTurn): JsonObject {
  const { usage } = turn;
  const cached = usage.cacheReadInputTokens !== undefined || usage.cacheWriteInputTokens !== undefined;
  return {
    input_tokens: usage.inputTokens,
    ...(cached
      ? {
          cache_creation_input_tokens: usage.cacheWriteInputTokens ?? 0,
          cache_read_input_tokens: usage.cacheReadInputTokens ?? 0,
        }
      : {}),
    output_tokens: usage.outputTokens,
  };
}

/** One block of a Claude message. */
export function anthropicBlock(block: TurnBlock): JsonObject {
  switch (block.kind) {
    case "text":
      return { type: "text", text: block.text };
    case "cited-text":
      return { type: "text", text: block.text, citations: block.citations };
    case "reasoning":
      return {
        type: "thinking",
        thinking: block.text,
        ...(block.signature !== undefined ? { signature: block.signature } : {}),
      };
    case "redacted-reasoning":
      return { type: "redacted_thinking", data: block.data };
    case "tool-use":
      return { type: "tool_use", id: block.toolUseId, name: block.name, input: block.input ?? {} };
    case "image":
    case "audio":
      throw noMediaOutput(block.kind);
  }
}

/** Claude's Messages format has no generated images or audio: a script that gives them is answered so. */
function noMediaOutput(kind: string): AwsError {
  return validationError(
    `bedrock-local script: an ${kind} block cannot be answered in Anthropic's Messages format, which has no ${kind} output.`,
  );
}

export interface AnthropicMessageParts {
  id: string;
  model: string;
  turn: ModelTurn;
}

/** InvokeModel's answer in Claude's Messages format. */
export function renderAnthropicMessage({ id, model, turn }: AnthropicMessageParts): JsonObject {
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: turn.content.map(anthropicBlock),
    stop_reason: anthropicStopReason(turn.stopReason),
    stop_sequence: null,
    usage: anthropicUsage(turn),
  };
}

/**
 * The stream events of a Claude answer, in the Messages streaming order: `message_start`, per block
 * `content_block_start`, its deltas and `content_block_stop`, then `message_delta`. `message_stop` closes
 * the stream; it carries Bedrock's invocation metrics, so the operation builds it once they are known.
 */
export function anthropicStreamEvents({ id, model, turn }: AnthropicMessageParts): JsonObject[] {
  const events: JsonObject[] = [
    {
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...anthropicUsage(turn), output_tokens: 1 },
      },
    },
  ];
  turn.content.forEach((block, index) => {
    events.push({ type: "content_block_start", index, content_block: blockStart(block) });
    for (const delta of blockDeltas(block, turn.pacing.chunkSize))
      events.push({ type: "content_block_delta", index, delta });
    events.push({ type: "content_block_stop", index });
  });
  events.push({
    type: "message_delta",
    delta: { stop_reason: anthropicStopReason(turn.stopReason), stop_sequence: null },
    usage: { output_tokens: turn.usage.outputTokens },
  });
  return events;
}

function blockStart(block: TurnBlock): JsonObject {
  switch (block.kind) {
    case "text":
    case "cited-text":
      return { type: "text", text: "" };
    case "reasoning":
      return { type: "thinking", thinking: "" };
    case "redacted-reasoning":
      return { type: "redacted_thinking", data: block.data };
    case "tool-use":
      return { type: "tool_use", id: block.toolUseId, name: block.name, input: {} };
    case "image":
    case "audio":
      throw noMediaOutput(block.kind);
  }
}

function blockDeltas(block: TurnBlock, chunkSize: number): JsonObject[] {
  switch (block.kind) {
    case "text":
    case "cited-text":
      return chunk(block.text, chunkSize).map((text) => ({ type: "text_delta", text }));
    case "reasoning":
      return [
        ...chunk(block.text, chunkSize).map((thinking) => ({ type: "thinking_delta", thinking })),
        ...(block.signature === undefined ? [] : [{ type: "signature_delta", signature: block.signature }]),
      ];
    case "redacted-reasoning":
      return [];
    case "tool-use":
      // Claude's first input delta is the empty string, as in Converse's stream.
      return ["", ...chunk(block.rawInput ?? JSON.stringify(block.input ?? {}), chunkSize)].map(
        (partial_json) => ({ type: "input_json_delta", partial_json }),
      );
    case "image":
    case "audio":
      throw noMediaOutput(block.kind);
  }
}
