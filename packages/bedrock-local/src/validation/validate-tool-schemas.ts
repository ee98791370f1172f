import { Ajv2020 } from "ajv/dist/2020.js";
import { validationError } from "../http/aws-error.js";
import { isJsonObject } from "../models/model-turn.js";
import { member } from "./converse-shape.js";

/**
 * Claude's check of each tool's `input_schema`, relayed by Bedrock, verbatim as a Bedrock stream reported it
 * (acomagu/vscode-as-mcp-server#6: "The model returned the following errors: tools.18.custom.input_schema:
 * JSON schema is invalid. It must match JSON Schema draft 2020-12 …"; the Anthropic API says the same,
 * anthropics/claude-code#7365). `tool` counts the tools Claude is given, from 0.
 */
export const invalidToolSchema = (tool: number) =>
  `The model returned the following errors: tools.${tool}.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12). Learn more about tool use at https://docs.anthropic.com/en/docs/tool-use.`;

/** One validator of schemas against draft 2020-12's meta-schema, compiled once; formats are not asserted. */
const metaSchema = new Ajv2020({ strict: false, validateFormats: false });

/**
 * Refuses a request whose tool input schema is not a valid JSON Schema of draft 2020-12 (a property
 * `"type": 5`, `"x"` or `[]`, a `required` that is not a list of strings), as the model behind Bedrock does:
 * one such tool fails the whole request. The top-level `$schema` is set aside: which draft a schema names
 * is not what is checked here, its keywords are.
 */
export function validateToolSchemas(toolConfig: unknown): void {
  if (!isJsonObject(toolConfig) || !Array.isArray(toolConfig.tools)) return;
  // A cachePoint entry marks the tool before it; it is not a tool of the model's own.
  const tools = toolConfig.tools.filter((tool) => !(isJsonObject(tool) && "cachePoint" in tool));
  tools.forEach((tool, index) => {
    const schema = member(member(tool, "toolSpec"), "inputSchema").json;
    if (!isJsonObject(schema)) return;
    const { $schema: _named, ...keywords } = schema;
    if (!isValidSchema(keywords)) throw validationError(invalidToolSchema(index));
  });
}

function isValidSchema(schema: object): boolean {
  try {
    return metaSchema.validateSchema(schema) === true;
  } catch {
    // ajv throws rather than answers for a schema it cannot walk (too deep for the stack): refused too.
    return false;
  }
}
