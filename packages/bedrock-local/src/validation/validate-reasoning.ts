import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { type ReasoningFamily, reasoningFamily } from "../reasoning/reasoning-model.js";
import type { ReasoningSigner } from "../reasoning/reasoning-signer.js";
import {
  invalidRedactedData,
  invalidSignature,
  missingSignature,
  REASONING_NOT_ACCEPTED,
  REASONING_SIGNATURE_NOT_SUPPORTED,
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

/** Where a reasoning block is, and what judges it. */
interface ReasoningCheck {
  index: number;
  blockIndex: number;
  thinking: boolean;
  signer: ReasoningSigner;
  /** The model the request addresses, which the block must have come from. */
  modelId: string;
}

/**
 * Reasoning sent back must be what the model the request addresses produced, as its family takes it back (see
 * `ReasoningFamily`): for Claude, its signature (or sealed redacted bytes) must verify for that very model.
 * Only meaningful for the scripted model, whose signer made them; recordings skip validation.
 */
export function validateReasoning(
  body: JsonObject,
  conversation: ConverseMessage[],
  { signer, modelId }: { signer: ReasoningSigner; modelId: string },
): void {
  const family = reasoningFamily(modelId);
  const thinking = thinkingEnabled(body.additionalModelRequestFields);
  for (const message of conversation) {
    if (message.role !== "assistant") continue;
    message.content.forEach((block, blockIndex) => {
      if (isJsonObject(block.reasoningContent)) {
        const at = { index: message.position, blockIndex, thinking, signer, modelId };
        checkReasoningBlock(block.reasoningContent, family, at);
      }
    });
  }
  // Claude's rule, in Claude's words: the other families have no such check to relay.
  if (thinking && (family === "claude" || family === "scripted")) checkThinkingLeadsToolUse(conversation);
}

function checkReasoningBlock(reasoning: JsonObject, family: ReasoningFamily, at: ReasoningCheck): void {
  if (family === "refuses-reasoning") throw validationError(REASONING_NOT_ACCEPTED);
  if (family === "openai") checkOpenAiReasoning(reasoning, at);
  else if (family === "other-provider") checkOwnReasoning(reasoning, at);
  else checkClaudeReasoning(reasoning, at);
}

function checkClaudeReasoning(reasoning: JsonObject, at: ReasoningCheck): void {
  const { index, blockIndex, signer, modelId } = at;
  const kind = blockKind(reasoning, REASONING_KINDS);
  if (kind === "redactedContent") {
    const data = reasoning.redactedContent;
    if (typeof data !== "string" || !signer.verifySealed(modelId, data)) {
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
  // A signature another Claude model made fails here too: Anthropic binds it to the model.
  if (!signer.verify(modelId, typeof text === "string" ? text : "", signature)) {
    throw validationError(invalidSignature(index, blockIndex));
  }
}

/**
 * gpt-oss takes its unsigned reasoning text back (567-labs/instructor#2682 saw raw Converse accept it) and
 * refuses a signature (aws-samples/bedrock-engineer#239). Redacted reasoning it did not produce is refused in
 * Nova's words: bedrock-local's choice, no report was found.
 */
function checkOpenAiReasoning(reasoning: JsonObject, at: ReasoningCheck): void {
  if (blockKind(reasoning, REASONING_KINDS) === "redactedContent") checkOwnReasoning(reasoning, at);
  else if (member(reasoning, "reasoningText").signature !== undefined) {
    throw validationError(REASONING_SIGNATURE_NOT_SUPPORTED);
  }
}

/**
 * For the families no report covers (Llama, Mistral, Qwen…), bedrock-local's conservative choice: only
 * reasoning this very model produced (signed or sealed for it) comes back; anything else, unsigned reasoning
 * included, is refused with the answer Bedrock gives Nova and DeepSeek.
 */
function checkOwnReasoning(reasoning: JsonObject, { signer, modelId }: ReasoningCheck): void {
  const own =
    blockKind(reasoning, REASONING_KINDS) === "redactedContent"
      ? typeof reasoning.redactedContent === "string" &&
        signer.verifySealed(modelId, reasoning.redactedContent)
      : isOwnText(member(reasoning, "reasoningText"), signer, modelId);
  if (!own) throw validationError(REASONING_NOT_ACCEPTED);
}

function isOwnText({ text, signature }: JsonObject, signer: ReasoningSigner, modelId: string): boolean {
  return (
    typeof signature === "string" &&
    signature !== "" &&
    signer.verify(modelId, typeof text === "string" ? text : "", signature)
  );
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
