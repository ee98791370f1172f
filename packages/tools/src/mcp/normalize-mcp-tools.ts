import { createHash } from "node:crypto";
import type { ObjectJsonSchema } from "@lode/core";
import { repairJsonSchema } from "../repair-json-schema.js";

/** A tool as an MCP server lists it, before Lode has checked anything of it. */
export interface ListedMcpTool {
  name?: unknown;
  title?: unknown;
  description?: unknown;
  inputSchema?: unknown;
  annotations?: { title?: unknown };
}

/** An MCP tool made valid for Bedrock: the name the model sees, and how its input maps back. */
export interface NormalizedMcpTool {
  /** The name the model calls it by: Bedrock's `[a-zA-Z0-9_-]{1,64}`, unique among the server's tools. */
  name: string;
  /** The name the server knows it by. */
  serverName: string;
  description: string;
  inputSchema: ObjectJsonSchema;
}

/**
 * Keywords Bedrock's models refuse at the top level of a tool's input schema ("input_schema does not
 * support oneOf, allOf, or anyOf at the top level"), and `$schema`, which some of them refuse anywhere.
 * The server still checks the input it gets, so dropping them loses no safety, only a hint to the model.
 */
const REFUSED_AT_TOP = ["$schema", "$id", "oneOf", "anyOf", "allOf", "not", "if", "then", "else"];

const VALID_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Makes a server's tool list one Bedrock accepts, tool by tool: names sanitized (characters outside
 * `[a-zA-Z0-9_-]` become `_`, long ones shortened with a hash so they stay unique), a blank description
 * filled from the title or the name, a schema that is not an object wrapped in one, the keywords Bedrock
 * refuses at the top dropped, and the schema made valid JSON Schema draft 2020-12 (`repairJsonSchema`). A
 * tool that cannot be made valid is left out, with why, instead of failing every request of the
 * conversation. Every tool renamed, wrapped or repaired is announced in `warnings` too, naming the tool.
 */
export function normalizeMcpTools(listed: readonly unknown[]): {
  tools: NormalizedMcpTool[];
  warnings: string[];
} {
  const tools: NormalizedMcpTool[] = [];
  const warnings: string[] = [];
  const taken = new Set<string>();
  for (const item of listed) {
    const tool = (typeof item === "object" && item !== null ? item : {}) as ListedMcpTool;
    if (typeof tool.name !== "string" || tool.name === "") {
      warnings.push("left out a tool without a name.");
      continue;
    }
    const normalized = normalizeSchema(tool.inputSchema);
    if (!normalized) {
      warnings.push(`left out "${tool.name}": its input schema cannot be made one Bedrock accepts.`);
      continue;
    }
    const repair = repairJsonSchema(normalized.schema);
    if (!repair.valid) {
      warnings.push(
        `left out "${tool.name}": its input schema cannot be made one Bedrock accepts (${repair.problem}; Bedrock requires JSON Schema draft 2020-12).`,
      );
      continue;
    }
    const changes = [...normalized.changes, ...repair.repairs];
    if (changes.length > 0) warnings.push(`changed "${tool.name}"'s input schema: ${changes.join("; ")}.`);
    const sanitized = sanitizeName(tool.name);
    const name = uniqueName(sanitized, taken);
    taken.add(name);
    if (name !== tool.name) {
      const why =
        name === sanitized
          ? "Bedrock allows only 1 to 64 of [a-zA-Z0-9_-] in a tool's name"
          : "another of the server's tools has that name once made valid for Bedrock";
      warnings.push(`offered "${tool.name}" as "${name}": ${why}.`);
    }
    tools.push({
      name,
      serverName: tool.name,
      description: descriptionOf(tool),
      inputSchema: repair.schema as ObjectJsonSchema,
    });
  }
  return { tools, warnings };
}

function descriptionOf(tool: ListedMcpTool): string {
  for (const candidate of [tool.description, tool.title, tool.annotations?.title])
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate;
  return `The ${tool.name as string} tool.`;
}

/**
 * An object schema, with what was changed to make it one that means much the same, or undefined when none
 * can be made (not JSON, a broken `properties`). MCP sends a call's arguments as an object whatever the
 * schema says, so a schema of another type is wrapped as the `value` of an object: the model then sends
 * `{ value }`, which is what the server gets. Setting `$schema` aside, and `"type": "object"` on a schema
 * with only `properties`, changes nothing a model or the server reads, so they go unmentioned.
 */
function normalizeSchema(input: unknown): { schema: ObjectJsonSchema; changes: string[] } | undefined {
  if (input === undefined || input === true)
    return { schema: { type: "object", properties: {} }, changes: [] };
  let json: unknown;
  try {
    json = JSON.parse(JSON.stringify(input));
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const schema = { ...(json as Record<string, unknown>) };
  const isObject = schema.type === "object" || (schema.type === undefined && "properties" in schema);
  if (!isObject) {
    const { $schema: _dropped, ...inner } = schema;
    return {
      schema: { type: "object", properties: { value: inner }, required: ["value"] },
      changes: ['its input is not an object, so the model sends it as the "value" of one'],
    };
  }
  const changes: string[] = [];
  for (const keyword of REFUSED_AT_TOP) {
    if (!(keyword in schema)) continue;
    if (!keyword.startsWith("$"))
      changes.push(`dropped its top-level ${keyword}, which Bedrock refuses there`);
    delete schema[keyword];
  }
  schema.type = "object";
  const { properties, required } = schema;
  if (
    properties !== undefined &&
    (typeof properties !== "object" || properties === null || Array.isArray(properties))
  )
    return undefined;
  if (
    required !== undefined &&
    !(Array.isArray(required) && required.every((key) => typeof key === "string"))
  ) {
    changes.push("dropped its required, which is not a list of property names");
    delete schema.required;
  }
  return { schema: schema as ObjectJsonSchema, changes };
}

function sanitizeName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, "_");
  if (VALID_NAME.test(clean)) return clean;
  // Too long: keep a readable head and a hash of the whole name, so two long names stay apart.
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${clean.slice(0, 55)}_${hash}`;
}

function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${name.slice(0, 60)}_${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
