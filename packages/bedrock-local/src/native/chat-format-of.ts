import type { JsonObject } from "../models/model-turn.js";
import { anthropicMessagesFormat } from "./anthropic-format.js";
import type { ChatFormat } from "./chat-format.js";
import { novaMessagesFormat } from "./nova-format.js";

/**
 * The native format of a chat request: by its body's marker (`anthropic_version`, `schemaVersion`), else by the
 * model id's provider, so a script's own model ids (`"hello"`) work with either format. `undefined` when the
 * body is in neither.
 */
export function chatFormatOf(modelId: string, body: JsonObject): ChatFormat | undefined {
  if (body.anthropic_version !== undefined) return anthropicMessagesFormat;
  if (body.schemaVersion !== undefined) return novaMessagesFormat;
  if (/(^|[./])anthropic\./.test(modelId)) return anthropicMessagesFormat;
  if (/(^|[./])amazon\.nova/.test(modelId)) return novaMessagesFormat;
  return undefined;
}
