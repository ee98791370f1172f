import { isJsonObject, type JsonObject } from "../models/model-turn.js";

/**
 * A user or assistant message that passed the shape checks, so later checks can rely on its role and
 * blocks. System-role messages (tool additions and removals) are checked apart and are not among them.
 */
export interface ConverseMessage {
  role: "user" | "assistant";
  content: JsonObject[];
  /** Its index in the request's `messages`, for Bedrock's messages (`messages.3.content.0`). */
  position: number;
}

/** The blocks a `system`-role message may hold: they change the tools offered mid-conversation. */
export const SYSTEM_MESSAGE_BLOCK_KINDS = ["toolAddition", "toolRemoval", "cachePoint"] as const;

/** The members of Converse's `ContentBlock` union (client-bedrock-runtime 3.1163). */
export const CONTENT_BLOCK_KINDS = [
  "text",
  "image",
  "document",
  "video",
  "audio",
  "toolUse",
  "toolResult",
  "guardContent",
  "cachePoint",
  "reasoningContent",
  "citationsContent",
  "searchResult",
  "toolAddition",
  "toolRemoval",
] as const;

/** The union member a block sets, or undefined when it sets none or several of `kinds`. */
export function blockKind(block: unknown, kinds: readonly string[]): string | undefined {
  if (!isJsonObject(block)) return undefined;
  const set = kinds.filter((kind) => block[kind] !== undefined && block[kind] !== null);
  return set.length === 1 ? set[0] : undefined;
}

/** The object a block holds under `kind` (`{toolUse: {...}}` → the toolUse), or an empty object. */
export function member(block: JsonObject, kind: string): JsonObject {
  const value = block[kind];
  return isJsonObject(value) ? value : {};
}

/** Tool uses the client must answer: a server tool (`server_tool_use`) is answered by Bedrock itself. */
export function clientToolUses(message: ConverseMessage): JsonObject[] {
  return message.content
    .filter((block) => isJsonObject(block.toolUse))
    .map((block) => member(block, "toolUse"))
    .filter((toolUse) => toolUse.type !== "server_tool_use");
}

export function toolResults(message: ConverseMessage): JsonObject[] {
  return message.content
    .filter((block) => isJsonObject(block.toolResult))
    .map((block) => member(block, "toolResult"));
}
