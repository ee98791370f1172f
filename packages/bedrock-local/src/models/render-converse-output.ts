import type { JsonObject, ModelTurn, TurnBlock } from "./model-turn.js";

/** The Converse content block for one turn block, exactly as Bedrock returns it in `output.message.content`. */
export function toContentBlock(block: TurnBlock): JsonObject {
  switch (block.kind) {
    case "text":
      return { text: block.text };
    case "cited-text":
      return { citationsContent: { citations: block.citations, content: [{ text: block.text }] } };
    case "reasoning":
      return {
        reasoningContent: {
          reasoningText:
            block.signature === undefined
              ? { text: block.text }
              : { signature: block.signature, text: block.text },
        },
      };
    case "redacted-reasoning":
      return { reasoningContent: { redactedContent: block.data } };
    case "image":
      return { image: { format: block.format, source: { bytes: block.bytes } } };
    case "audio":
      return { audio: { format: block.format, source: { bytes: block.bytes } } };
    case "tool-use":
      return {
        toolUse: {
          input: block.input,
          name: block.name,
          toolUseId: block.toolUseId,
          ...(block.type ? { type: block.type } : {}),
        },
      };
  }
}

/** The body of a Converse response. */
export function renderConverseOutput(turn: ModelTurn, latencyMs: number): JsonObject {
  return {
    ...(turn.additionalModelResponseFields
      ? { additionalModelResponseFields: turn.additionalModelResponseFields }
      : {}),
    metrics: { latencyMs },
    output: { message: { content: turn.content.map(toContentBlock), role: "assistant" } },
    ...echoed(turn),
    stopReason: turn.stopReason,
    ...(turn.trace ? { trace: turn.trace } : {}),
    usage: turn.usage,
  };
}

/** The request's `performanceConfig` and `serviceTier`, as Bedrock echoes them in a response. */
export function echoed(turn: ModelTurn): JsonObject {
  return {
    ...(turn.echo?.performanceConfig ? { performanceConfig: turn.echo.performanceConfig } : {}),
    ...(turn.echo?.serviceTier ? { serviceTier: turn.echo.serviceTier } : {}),
  };
}
