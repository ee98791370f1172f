import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import {
  imageTooLarge,
  MAX_IMAGE_BASE64_BYTES,
  toolUseInputNotObject,
  toolUseInUserMessage,
} from "./bedrock-messages.js";
import type { ConverseMessage } from "./converse-shape.js";

/**
 * Bedrock's own check of every tool use: its `input` is a document, which may hold any JSON value, but the
 * input of a tool is always an object.
 */
export function validateToolUseInputs(conversation: ConverseMessage[]): void {
  for (const message of conversation) {
    message.content.forEach((block, blockIndex) => {
      if (isJsonObject(block.toolUse) && !isJsonObject(block.toolUse.input)) {
        throw validationError(toolUseInputNotObject(message.position, blockIndex));
      }
    });
  }
}

/**
 * What the model refuses in the messages, and Bedrock relays: a tool use in a user message (only the assistant
 * calls tools), and an image larger than the model takes (counted as sent, base64-encoded).
 */
export function validateModelContent(conversation: ConverseMessage[]): void {
  for (const message of conversation) {
    if (message.role === "user" && message.content.some((block) => isJsonObject(block.toolUse))) {
      throw validationError(toolUseInUserMessage(message.position));
    }
  }
  for (const message of conversation) {
    message.content.forEach((block, blockIndex) => {
      const encodedBytes = imageBase64Length(block);
      if (encodedBytes > MAX_IMAGE_BASE64_BYTES) {
        throw validationError(imageTooLarge(message.position, blockIndex, encodedBytes));
      }
    });
  }
}

/** The length of an image block's base64 `bytes` as it came on the wire; 0 for any other block or source. */
function imageBase64Length(block: JsonObject): number {
  if (!isJsonObject(block.image) || !isJsonObject(block.image.source)) return 0;
  const { bytes } = block.image.source;
  return typeof bytes === "string" ? bytes.length : 0;
}
