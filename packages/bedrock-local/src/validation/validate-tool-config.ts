import { validationError } from "../http/aws-error.js";
import { isJsonObject } from "../models/model-turn.js";
import {
  duplicateToolNames,
  notAList,
  notJsonObject,
  schemaNotObject,
  TOOL_CONFIG_REQUIRED,
  unknownBlock,
  unknownToolChoice,
} from "./bedrock-messages.js";
import {
  type ConstraintViolation,
  MIN_LENGTH_1,
  NOT_NULL,
  toolNameViolations,
} from "./constraint-violations.js";
import { blockKind, type ConverseMessage, member } from "./converse-shape.js";

const TOOL_KINDS = ["toolSpec", "systemTool", "cachePoint"] as const;

/**
 * What AWS's request validation rejects in `toolConfig`. A `toolChoice` sent without tools lands here:
 * `tools` is required whenever `toolConfig` is present.
 */
export function toolConfigViolations(toolConfig: unknown): ConstraintViolation[] {
  if (!isJsonObject(toolConfig)) return [];
  const { tools } = toolConfig;
  if (tools === undefined || tools === null)
    return [{ path: "toolConfig.tools", value: null, constraint: NOT_NULL }];
  if (!Array.isArray(tools)) return [];
  // A list's value is never printed (Portkey-AI/gateway#1124).
  if (tools.length === 0) return [{ path: "toolConfig.tools", value: undefined, constraint: MIN_LENGTH_1 }];
  return tools.flatMap((tool, index) => {
    const spec = isJsonObject(tool) ? tool.toolSpec : undefined;
    if (!isJsonObject(spec)) return [];
    const path = `toolConfig.tools.${index + 1}.member.toolSpec`;
    const violations = toolNameViolations(spec.name, `${path}.name`, true);
    if (spec.inputSchema === undefined || spec.inputSchema === null) {
      violations.push({ path: `${path}.inputSchema`, value: null, constraint: NOT_NULL });
    }
    return violations;
  });
}

/** Bedrock's own checks: tool blocks need a toolConfig, and every tool schema is a JSON object schema. */
export function validateToolConfig(toolConfig: unknown, conversation: ConverseMessage[]): void {
  if (toolConfig === undefined || toolConfig === null) {
    const usesTools = conversation.some((message) =>
      message.content.some((block) => block.toolUse !== undefined || block.toolResult !== undefined),
    );
    if (usesTools) throw validationError(TOOL_CONFIG_REQUIRED);
    return;
  }
  if (!isJsonObject(toolConfig)) throw validationError(notJsonObject("toolConfig"));
  const { tools } = toolConfig;
  if (!Array.isArray(tools)) throw validationError(notAList("toolConfig.tools", "Tool"));
  tools.forEach((tool, index) => {
    const kind = blockKind(tool, TOOL_KINDS);
    if (!kind || !isJsonObject(tool)) {
      throw validationError(unknownBlock(`toolConfig.tools.${index}`, "Tool", TOOL_KINDS));
    }
    if (kind !== "toolSpec") return;
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
  const names = toolConfig.tools
    .filter(isJsonObject)
    .map((tool) => member(tool, "toolSpec").name ?? member(tool, "systemTool").name)
    .filter((name): name is string => typeof name === "string");
  if (new Set(names).size !== names.length) throw validationError(duplicateToolNames());
  const chosen = member(member(toolConfig, "toolChoice"), "tool").name;
  if (typeof chosen === "string" && !names.includes(chosen)) throw validationError(unknownToolChoice(chosen));
}
