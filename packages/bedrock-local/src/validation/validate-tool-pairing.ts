import { validationError } from "../http/aws-error.js";
import { isJsonObject } from "../models/model-turn.js";
import {
  duplicateToolUseIds,
  emptyErrorToolResult,
  missingToolResults,
  toolUsePrefill,
  tooManyToolResults,
} from "./bedrock-messages.js";
import { type ConverseMessage, clientToolUses, member, toolResults } from "./converse-shape.js";

/**
 * Every toolUse of an assistant message is answered, by id, by a toolResult in the next user message,
 * and no toolResult answers anything else. A server tool's use (`type: "server_tool_use"`) is answered
 * by Bedrock inside the same assistant message, so it is left out of the pairing.
 */
export function validateToolPairing(conversation: ConverseMessage[]): void {
  for (const message of conversation) {
    if (message.role === "assistant") checkUniqueToolUseIds(message, message.position);
    else checkErrorResults(message, message.position);
  }
  conversation.forEach((message, index) => {
    if (message.role !== "user") return;
    const previous = conversation[index - 1];
    const expected = previous ? clientToolUses(previous).map((toolUse) => String(toolUse.toolUseId)) : [];
    const answered = toolResults(message).map((result) => String(result.toolUseId));
    // Bedrock counts before it matches ids, so a surplus result is reported even when an id is wrong too.
    if (answered.length > expected.length) throw validationError(tooManyToolResults(message.position));
    const missing = expected.filter((id) => !answered.includes(id));
    if (missing.length > 0) throw validationError(missingToolResults(message.position, missing));
  });
  // A final assistant message is a prefill; one that calls a tool can never get its results.
  const last = conversation.at(-1);
  if (last?.role === "assistant" && clientToolUses(last).length > 0) throw validationError(toolUsePrefill());
}

function checkUniqueToolUseIds(message: ConverseMessage, index: number): void {
  const ids = message.content
    .filter((block) => isJsonObject(block.toolUse))
    .map((block) => String(member(block, "toolUse").toolUseId));
  const duplicates = [...new Set(ids.filter((id, at) => ids.indexOf(id) !== at))];
  if (duplicates.length > 0) throw validationError(duplicateToolUseIds(index, duplicates));
}

/** An error result must say what went wrong: the model is told nothing otherwise. */
function checkErrorResults(message: ConverseMessage, index: number): void {
  message.content.forEach((block, blockIndex) => {
    if (!isJsonObject(block.toolResult)) return;
    const { status, content } = block.toolResult;
    if (status === "error" && (!Array.isArray(content) || content.length === 0)) {
      throw validationError(emptyErrorToolResult(index, blockIndex));
    }
  });
}
