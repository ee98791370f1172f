import { validationError } from "../http/aws-error.js";
import type { JsonObject } from "../models/model-turn.js";
import {
  ALTERNATE_ROLES,
  blankText,
  emptyContent,
  START_WITH_USER,
  systemMessageBlock,
  toolChangeOutsideSystem,
} from "./bedrock-messages.js";
import {
  blockKind,
  CONTENT_BLOCK_KINDS,
  type ConverseMessage,
  SYSTEM_MESSAGE_BLOCK_KINDS,
} from "./converse-shape.js";

/** The request's `messages` (a list, if present, as its shape was checked), present and not empty. */
export function readMessages(body: JsonObject): unknown[] {
  const messages = body.messages as unknown[] | undefined;
  // Bedrock answers a request without messages as one whose first message is not the user's.
  if (!messages || messages.length === 0) throw validationError(START_WITH_USER);
  return messages;
}

/**
 * Bedrock's own checks of the conversation: every message holds known blocks, the user speaks first,
 * roles alternate, and no text block is blank. Runs once the request's shape has been checked. Returns the
 * user and assistant messages: `system`-role messages (only tool additions and removals) sit between them
 * and take no part in the alternation.
 */
export function validateConversation(messages: unknown[]): ConverseMessage[] {
  const conversation: ConverseMessage[] = [];
  messages.forEach((message, index) => {
    const { role, content } = message as JsonObject;
    if (role === "system") checkSystemMessage(content, index);
    else conversation.push(toConverseMessage(message as JsonObject, index));
  });
  if (conversation[0]?.role !== "user" || conversation[0].position !== 0)
    throw validationError(START_WITH_USER);
  conversation.forEach((message, index) => {
    if (index > 0 && message.role === conversation[index - 1]?.role) throw validationError(ALTERNATE_ROLES);
  });
  for (const message of conversation) {
    const blank = blankTextBlock(message);
    if (blank !== undefined) throw validationError(blankText(message.position, blank));
  }
  return conversation;
}

/** A `system`-role message holds tool additions and removals (and cache points), and nothing else. */
function checkSystemMessage(content: unknown, index: number): void {
  const blocks = content as JsonObject[];
  if (blocks.length === 0) throw validationError(emptyContent(index));
  blocks.forEach((block, blockIndex) => {
    const kind = blockKind(block, CONTENT_BLOCK_KINDS);
    if (!kind || !(SYSTEM_MESSAGE_BLOCK_KINDS as readonly string[]).includes(kind))
      throw validationError(systemMessageBlock(index, blockIndex));
  });
}

/**
 * The first blank text block of a message. An empty text is always blank; a whitespace-only one only
 * when the message says nothing else: real Bedrock accepted a `"\n"` between a document and a question
 * (converse.prompt-cache.write-then-read recording) but refused a lone `"\n\n"` (langchain-aws#403).
 */
function blankTextBlock(message: ConverseMessage): number | undefined {
  // `null` marks a block that is not text: a text block's `text` is never null.
  const texts = message.content.map((block) =>
    blockKind(block, CONTENT_BLOCK_KINDS) === "text" ? block.text : null,
  );
  const saysSomething = texts.some((text) => typeof text === "string" && text.trim() !== "");
  const index = texts.findIndex(
    (text) =>
      text !== null && (typeof text !== "string" || text === "" || (!saysSomething && text.trim() === "")),
  );
  return index === -1 ? undefined : index;
}

/** A user or assistant message; its shape (a list of blocks, each setting one member) is checked already. */
function toConverseMessage(message: JsonObject, index: number): ConverseMessage {
  const { role } = message;
  const content = message.content as JsonObject[];
  if (content.length === 0) throw validationError(emptyContent(index));
  content.forEach((block, blockIndex) => {
    const kind = blockKind(block, CONTENT_BLOCK_KINDS);
    if (kind === "toolAddition" || kind === "toolRemoval")
      throw validationError(toolChangeOutsideSystem(index, blockIndex, kind));
  });
  return { role: role as ConverseMessage["role"], content, position: index };
}
