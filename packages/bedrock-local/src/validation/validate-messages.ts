import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import {
  ALTERNATE_ROLES,
  blankText,
  emptyContent,
  notAList,
  START_WITH_USER,
  unknownBlock,
} from "./bedrock-messages.js";
import {
  type ConstraintViolation,
  enumViolation,
  NOT_NULL,
  toolNameViolations,
} from "./constraint-violations.js";
import { blockKind, CONTENT_BLOCK_KINDS, type ConverseMessage } from "./converse-shape.js";

/** The request's `messages`, present and a non-empty list; what they hold is checked later. */
export function readMessages(body: JsonObject): unknown[] {
  const { messages } = body;
  // Bedrock answers a request without messages as one whose first message is not the user's.
  if (messages === undefined || messages === null) throw validationError(START_WITH_USER);
  if (!Array.isArray(messages)) throw validationError(notAList("messages", "Message"));
  if (messages.length === 0) throw validationError(START_WITH_USER);
  return messages;
}

/** What AWS's request validation rejects in the messages before Bedrock reads the conversation. */
export function messageViolations(messages: unknown[]): ConstraintViolation[] {
  return messages.flatMap((message, index) => {
    const path = `messages.${index + 1}.member`;
    const { role, content } = isJsonObject(message) ? message : {};
    const violations: ConstraintViolation[] = [];
    if (role === undefined || role === null) {
      violations.push({ path: `${path}.role`, value: null, constraint: NOT_NULL });
    } else violations.push(...enumViolation(role, `${path}.role`, ["user", "assistant"]));
    if (content === undefined || content === null) {
      violations.push({ path: `${path}.content`, value: null, constraint: NOT_NULL });
    } else if (Array.isArray(content)) {
      content.forEach((block, blockIndex) => {
        violations.push(...blockViolations(block, `${path}.content.${blockIndex + 1}.member`));
      });
    }
    return violations;
  });
}

function blockViolations(block: unknown, path: string): ConstraintViolation[] {
  if (!isJsonObject(block)) return [];
  if (isJsonObject(block.document) && typeof block.document.name !== "string") {
    return [{ path: `${path}.document.name`, value: null, constraint: NOT_NULL }];
  }
  // A hallucinated tool name in history fails here on every later turn (vercel/ai#17769).
  if (isJsonObject(block.toolUse))
    return toolNameViolations(block.toolUse.name, `${path}.toolUse.name`, false);
  return [];
}

/**
 * Bedrock's own checks of the conversation: every message holds known blocks, the user speaks first,
 * roles alternate, and no text block is blank. Runs once `messageViolations` found nothing.
 */
export function validateConversation(messages: unknown[]): ConverseMessage[] {
  const conversation = messages.map((message, index) => toConverseMessage(message as JsonObject, index));
  if (conversation[0]?.role !== "user") throw validationError(START_WITH_USER);
  conversation.forEach((message, index) => {
    if (index > 0 && message.role === conversation[index - 1]?.role) throw validationError(ALTERNATE_ROLES);
  });
  conversation.forEach((message, index) => {
    const blank = blankTextBlock(message);
    if (blank !== undefined) throw validationError(blankText(index, blank));
  });
  return conversation;
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

function toConverseMessage(message: JsonObject, index: number): ConverseMessage {
  const { role, content } = message;
  if (!Array.isArray(content)) throw validationError(notAList(`messages.${index}.content`, "ContentBlock"));
  if (content.length === 0) throw validationError(emptyContent(index));
  content.forEach((block, blockIndex) => {
    if (!blockKind(block, CONTENT_BLOCK_KINDS)) {
      throw validationError(
        unknownBlock(`messages.${index}.content.${blockIndex}`, "ContentBlock", CONTENT_BLOCK_KINDS),
      );
    }
  });
  return { role: role as ConverseMessage["role"], content: content as JsonObject[] };
}
