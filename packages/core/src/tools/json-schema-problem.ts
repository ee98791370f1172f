/**
 * What makes a schema invalid JSON Schema draft 2020-12, the draft Bedrock's models hold every tool's input
 * schema to (one invalid tool fails every request it is offered in), or undefined when nothing does.
 *
 * Core may not depend on a JSON Schema validator (DESIGN.md: only the AWS SDK, eventemitter3 and p-queue),
 * so this checks the keywords of the 2020-12 meta-schema whose values have a required form, and nothing
 * else: it refuses only what the meta-schema refuses (`@lode/tools` tests it against ajv's meta-schema
 * validation), and may let through a rarer fault the model will then report.
 */
export function jsonSchemaProblem(root: unknown): string | undefined {
  // An explicit stack, so no schema's depth can overflow the call stack.
  const stack: { schema: unknown; path: string }[] = [{ schema: root, path: "" }];
  while (stack.length > 0) {
    const { schema, path } = stack.pop() as { schema: unknown; path: string };
    if (typeof schema === "boolean") continue;
    if (!isObject(schema)) return `${path || "the schema"} must be a schema (an object or a boolean)`;
    for (const [keyword, value] of Object.entries(schema)) {
      const at = path ? `${path}.${keyword}` : keyword;
      const problem = keywordProblem(keyword, value);
      if (problem) return `${at} ${problem}`;
      if (SCHEMA.has(keyword)) stack.push({ schema: value, path: at });
      else if (SCHEMA_MAP.has(keyword))
        for (const [name, inner] of Object.entries(value as object))
          stack.push({ schema: inner, path: `${at}.${name}` });
      else if (SCHEMA_LIST.has(keyword))
        (value as unknown[]).forEach((inner, index) => {
          stack.push({ schema: inner, path: `${at}.${index}` });
        });
    }
  }
  return undefined;
}

const SIMPLE_TYPES = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);
/** Keywords whose value is one schema. */
const SCHEMA = new Set([
  "additionalProperties",
  "contains",
  "else",
  "if",
  "items",
  "not",
  "propertyNames",
  "then",
  "unevaluatedItems",
  "unevaluatedProperties",
]);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP = new Set(["$defs", "definitions", "dependentSchemas", "patternProperties", "properties"]);
/** Keywords whose value is a non-empty list of schemas. */
const SCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const STRINGS = new Set([
  "$anchor",
  "$comment",
  "$id",
  "$ref",
  "$schema",
  "description",
  "format",
  "pattern",
  "title",
]);
const NUMBERS = new Set(["exclusiveMaximum", "exclusiveMinimum", "maximum", "minimum"]);
const COUNTS = new Set([
  "maxContains",
  "maxItems",
  "maxLength",
  "maxProperties",
  "minContains",
  "minItems",
  "minLength",
  "minProperties",
]);
const BOOLEANS = new Set(["deprecated", "readOnly", "uniqueItems", "writeOnly"]);

/** Why `value` is not a valid value of `keyword`, or undefined. */
function keywordProblem(keyword: string, value: unknown): string | undefined {
  const shown = JSON.stringify(value)?.slice(0, 60);
  if (keyword === "type") {
    const valid =
      (typeof value === "string" && SIMPLE_TYPES.has(value)) ||
      (Array.isArray(value) &&
        value.length > 0 &&
        new Set(value).size === value.length &&
        value.every((type) => typeof type === "string" && SIMPLE_TYPES.has(type)));
    return valid
      ? undefined
      : `is ${shown}, not a JSON Schema type (${[...SIMPLE_TYPES].join(", ")}) or a list of them`;
  }
  if (keyword === "required")
    return isStringList(value) ? undefined : `is ${shown}, not a list of distinct property names`;
  if (keyword === "enum" || keyword === "examples")
    return Array.isArray(value) ? undefined : `is ${shown}, not a list`;
  if (keyword === "items" && Array.isArray(value))
    return "is a list (draft 7's tuple): draft 2020-12 calls it prefixItems";
  if (SCHEMA.has(keyword) && !isSchema(value)) return `is ${shown}, not a schema`;
  if (SCHEMA_MAP.has(keyword) && !isObject(value)) return `is ${shown}, not an object of schemas`;
  if (SCHEMA_LIST.has(keyword) && !(Array.isArray(value) && value.length > 0))
    return `is ${shown}, not a non-empty list of schemas`;
  if (STRINGS.has(keyword) && typeof value !== "string") return `is ${shown}, not a string`;
  if (NUMBERS.has(keyword) && typeof value !== "number") return `is ${shown}, not a number`;
  if (keyword === "multipleOf" && !(typeof value === "number" && value > 0))
    return `is ${shown}, not a number above 0`;
  if (COUNTS.has(keyword) && !(Number.isInteger(value) && (value as number) >= 0))
    return `is ${shown}, not a whole number of 0 or more`;
  if (BOOLEANS.has(keyword) && typeof value !== "boolean") return `is ${shown}, not true or false`;
  if (keyword === "dependentRequired" && !(isObject(value) && Object.values(value).every(isStringList)))
    return `is ${shown}, not an object of lists of property names`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): boolean {
  return typeof value === "boolean" || isObject(value);
}

function isStringList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === "string") &&
    new Set(value).size === value.length
  );
}
