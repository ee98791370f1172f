import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import {
  duplicateToolNames,
  notJsonObject,
  schemaNotObject,
  TOOL_CONFIG_REQUIRED,
  unknownToolChoice,
  unknownToolReference,
} from "./bedrock-messages.js";
import { type ConverseMessage, member } from "./converse-shape.js";

/** Bedrock's own checks: tool blocks need a toolConfig, and every tool schema is a JSON object schema. */
export function validateToolConfig(toolConfig: unknown, conversation: ConverseMessage[]): void {
  if (toolConfig === undefined || toolConfig === null) {
    const usesTools = conversation.some((message) =>
      message.content.some((block) => block.toolUse !== undefined || block.toolResult !== undefined),
    );
    if (usesTools) throw validationError(TOOL_CONFIG_REQUIRED);
    return;
  }
  // Its shape (a list of tools, each setting one member) is checked already.
  const tools = (toolConfig as { tools: JsonObject[] }).tools;
  tools.forEach((tool, index) => {
    if (!isJsonObject(tool.toolSpec)) return;
    // The SDK sends a document as plain JSON, so the schema arrives as an object; a string is refused.
    const schema = member(member(tool, "toolSpec"), "inputSchema").json;
    if (!isJsonObject(schema)) {
      throw validationError(notJsonObject(`toolConfig.tools.${index}.toolSpec.inputSchema.json`));
    }
    if (schema.type !== "object") throw validationError(schemaNotObject(index));
  });
}

/** Checks the model makes (and Bedrock relays): unique tool names, and a toolChoice naming an offered tool. */
export function validateToolChoice(toolConfig: unknown): void {
  if (!isJsonObject(toolConfig) || !Array.isArray(toolConfig.tools)) return;
  const names = declaredToolNames(toolConfig.tools);
  if (new Set(names).size !== names.length) throw validationError(duplicateToolNames());
  const chosen = member(member(toolConfig, "toolChoice"), "tool").name;
  if (typeof chosen === "string" && !names.includes(chosen)) throw validationError(unknownToolChoice(chosen));
}

/**
 * A tool addition or removal (in a `system`-role message) names a tool `toolConfig` declares: the tool set
 * changes mid-conversation without the tool configuration, and so the prompt cache, changing.
 */
export function validateToolChanges(messages: unknown[], toolConfig: unknown): void {
  const declared =
    isJsonObject(toolConfig) && Array.isArray(toolConfig.tools) ? declaredToolNames(toolConfig.tools) : [];
  messages.forEach((message, index) => {
    if (!isJsonObject(message) || message.role !== "system" || !Array.isArray(message.content)) return;
    message.content.forEach((block, blockIndex) => {
      if (!isJsonObject(block)) return;
      const kind = isJsonObject(block.toolAddition)
        ? "toolAddition"
        : isJsonObject(block.toolRemoval)
          ? "toolRemoval"
          : undefined;
      if (!kind) return;
      if (toolConfig === undefined || toolConfig === null) throw validationError(TOOL_CONFIG_REQUIRED);
      const name = member(member(block, kind), "tool").name;
      if (typeof name !== "string" || !declared.includes(name))
        throw validationError(unknownToolReference(index, blockIndex, kind, String(name)));
    });
  });
}

function declaredToolNames(tools: unknown[]): string[] {
  return tools
    .filter(isJsonObject)
    .map((tool) => member(tool, "toolSpec").name ?? member(tool, "systemTool").name)
    .filter((name): name is string => typeof name === "string");
}
