import { type AnyTool, TOOL_NAME_PATTERN } from "../contracts/tool.js";
import type { ToolEntry, ToolSource } from "../contracts/tool-source.js";
import { LodeError } from "../errors/lode-error.js";
import { jsonSchemaProblem } from "./json-schema-problem.js";

/**
 * Checks a list of tools as Bedrock would, before anything is sent: a raw `Tool` (not made with
 * `defineTool`) gets the checks `defineTool` makes. Names match `[a-zA-Z0-9_-]{1,64}` and are unique,
 * descriptions are not blank, the input schema is a JSON object schema (`"type": "object"`) that survives
 * JSON and is valid JSON Schema draft 2020-12 throughout, and `validate` and `run` are functions.
 */
export function checkTools(tools: unknown, where: string): asserts tools is ToolEntry[] {
  if (!Array.isArray(tools)) throw invalid(`${where} must be an array of tools, not ${typeName(tools)}.`);
  const seen = new Set<string>();
  tools.forEach((tool: unknown, index) => {
    if ((tool as ToolSource | null)?.kind === "tool-source") {
      checkSource(tool, `${where}[${index}]`);
      return;
    }
    checkTool(tool, `${where}[${index}]`);
    if (seen.has(tool.name)) throw invalid(`${where}: two tools are named "${tool.name}".`);
    seen.add(tool.name);
  });
}

function checkSource(source: unknown, where: string): void {
  const { name, tools, close } = source as Partial<ToolSource>;
  if (typeof name !== "string" || typeof tools !== "function" || typeof close !== "function")
    throw invalid(`${where}: a tool source needs a name, tools() and close().`);
}

function checkTool(tool: unknown, where: string): asserts tool is AnyTool {
  if (typeof tool !== "object" || tool === null)
    throw invalid(`${where} must be a tool, not ${typeName(tool)}.`);
  const { name, description, inputSchema, validate, run, timeoutMs } = tool as Partial<AnyTool>;
  if (typeof name !== "string" || !TOOL_NAME_PATTERN.test(name))
    throw invalid(`${where}: tool name ${JSON.stringify(name)} must match ${TOOL_NAME_PATTERN}.`);
  if (typeof description !== "string" || description.trim() === "")
    throw invalid(`Tool "${name}" needs a description: the model reads it to decide when to call it.`);
  checkInputSchema(inputSchema, name);
  if (typeof validate !== "function" || typeof run !== "function")
    throw invalid(`Tool "${name}" needs validate() and run() functions.`);
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0))
    throw invalid(`Tool "${name}": timeoutMs must be a positive number of milliseconds.`);
}

function checkInputSchema(schema: unknown, name: string): void {
  let json: unknown;
  try {
    json = JSON.parse(JSON.stringify(schema ?? null));
  } catch (error) {
    throw invalid(`Tool "${name}": its input schema is not JSON (${String(error)}).`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw invalid(`Tool "${name}": its input schema must be a JSON Schema object, not ${typeName(schema)}.`);
  const { type, properties, required } = json as Record<string, unknown>;
  if (type !== "object")
    throw invalid(
      `Tool "${name}": Bedrock requires an input schema whose top level is "type": "object", not ${JSON.stringify(type)}.`,
    );
  if (
    properties !== undefined &&
    (typeof properties !== "object" || properties === null || Array.isArray(properties))
  )
    throw invalid(`Tool "${name}": its input schema's "properties" must be an object.`);
  if (
    required !== undefined &&
    !(Array.isArray(required) && required.every((key) => typeof key === "string"))
  )
    throw invalid(`Tool "${name}": its input schema's "required" must be an array of property names.`);
  const problem = jsonSchemaProblem(json);
  if (problem)
    throw invalid(
      `Tool "${name}": its input schema is not valid JSON Schema draft 2020-12, which Bedrock requires: ${problem}.`,
    );
}

function invalid(message: string): LodeError {
  return new LodeError("invalid-config", message);
}

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value) ?? ""}`.trim();
}
