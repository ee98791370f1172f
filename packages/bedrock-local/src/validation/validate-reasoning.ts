import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import type { ReasoningSigner } from "../reasoning/reasoning-signer.js";
import {
  invalidRedactedData,
  invalidSignature,
  missingSignature,
  thinkingFirst,
} from "./bedrock-messages.js";
import {
  blockKind,
  CONTENT_BLOCK_KINDS,
  type ConverseMessage,
  clientToolUses,
  member,
} from "./converse-shape.js";

const REASONING_KINDS = ["reasoningText", "redactedContent"] as const;

/** How Claude names a Converse block kind in its errors. */
const CLAUDE_BLOCK_TYPES: Record<string, string> = {
  text: "text",
  toolUse: "tool_use",
  toolResult: "tool_result",
  image: "image",
  document: "document",
  searchResult: "search_result",
};

/**
 * Reasoning sent back must be what the model produced: its signature (or sealed redacted bytes) must
 * verify. Only meaningful for the scripted model, whose signer made them; recordings skip validation.
 */
export function validateReasoning(
  body: JsonObject,
  conversation: ConverseMessage[],
  signer: ReasoningSigner,
): void {
  const thinking = thinkingEnabled(body.additionalModelRequestFields);
  for (const message of conversation) {
    if (message.role !== "assistant") continue;
    message.content.forEach((block, blockIndex) => {
      if (isJsonObject(block.reasoningContent)) {
        const index = message.position;
        checkReasoningBlock(block.reasoningContent, { index, blockIndex, thinking, signer });
      }
    });
  }
  if (thinking) checkThinkingLeadsToolUse(conversation);
}

function checkReasoningBlock(
  reasoning: JsonObject,
  at: { index: number; blockIndex: number; thinking: boolean; signer: ReasoningSigner },
): void {
  const { index, blockIndex, signer } = at;
  const kind = blockKind(reasoning, REASONING_KINDS);
  if (kind === "redactedContent") {
    const data = reasoning.redactedContent;
    if (typeof data !== "string" || !signer.verifySealed(data)) {
      throw validationError(invalidRedactedData(index, blockIndex));
    }
    return;
  }
  // Otherwise the block is reasoning text: its shape (one member set) is checked already.
  const { text, signature } = member(reasoning, "reasoningText");
  if (typeof signature !== "string" || signature === "") {
    // Models such as gpt-oss return unsigned reasoning and take it back so; Claude (asked to think
    // through `thinking`) requires the signature.
    if (at.thinking) throw validationError(missingSignature(index, blockIndex));
    return;
  }
  if (!signer.verify(typeof text === "string" ? text : "", signature)) {
    throw validationError(invalidSignature(index, blockIndex));
  }
}

/**
 * With thinking on, the assistant message whose tool uses are being answered must open with its
 * reasoning: dropping it is the usual way an agent loses it between turns.
 */
function checkThinkingLeadsToolUse(conversation: ConverseMessage[]): void {
  const last = conversation.findLast((message) => message.role === "assistant");
  if (!last || clientToolUses(last).length === 0) return;
  const first = blockKind(last.content[0], CONTENT_BLOCK_KINDS);
  if (first === "reasoningContent" || first === undefined) return;
  throw validationError(thinkingFirst(last.position, CLAUDE_BLOCK_TYPES[first] ?? first));
}

/** Claude's `thinking` (enabled or adaptive), or the `reasoning_config` / `reasoningConfig` of other models. */
function thinkingEnabled(fields: unknown): boolean {
  if (!isJsonObject(fields)) return false;
  const thinking = member(fields, "thinking").type;
  if (thinking === "enabled" || thinking === "adaptive") return true;
  return (
    member(fields, "reasoning_config").type === "enabled" ||
    member(fields, "reasoningConfig").type === "enabled"
  );
}
