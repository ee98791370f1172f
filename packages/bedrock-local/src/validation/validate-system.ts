import { validationError } from "../http/aws-error.js";
import { isJsonObject } from "../models/model-turn.js";
import { notAList, unknownBlock, whitespaceSystemText } from "./bedrock-messages.js";
import { blockKind, SYSTEM_BLOCK_KINDS } from "./converse-shape.js";

/** Every system block is a text, guardContent or cachePoint block. */
export function validateSystemBlocks(system: unknown): void {
  if (system === undefined || system === null) return;
  if (!Array.isArray(system)) throw validationError(notAList("system", "SystemContentBlock"));
  system.forEach((block, index) => {
    if (!blockKind(block, SYSTEM_BLOCK_KINDS)) {
      throw validationError(unknownBlock(`system.${index}`, "SystemContentBlock", SYSTEM_BLOCK_KINDS));
    }
  });
}

/** A whitespace-only system text passes Bedrock's length check and is then refused by the model. */
export function validateSystemText(system: unknown): void {
  if (!Array.isArray(system)) return;
  for (const block of system) {
    if (isJsonObject(block) && typeof block.text === "string" && block.text.trim() === "") {
      throw validationError(whitespaceSystemText());
    }
  }
}
