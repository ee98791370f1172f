import { validationError } from "../http/aws-error.js";
import { isJsonObject } from "../models/model-turn.js";
import { whitespaceSystemText } from "./bedrock-messages.js";

/** A whitespace-only system text passes Bedrock's length check and is then refused by the model. */
export function validateSystemText(system: unknown): void {
  if (!Array.isArray(system)) return;
  for (const block of system) {
    if (isJsonObject(block) && typeof block.text === "string" && block.text.trim() === "") {
      throw validationError(whitespaceSystemText());
    }
  }
}
