import { Ajv2020 } from "ajv/dist/2020.js";

/**
 * What `repairJsonSchema` made of a schema: the schema to offer, or why none can be, what it changed, and
 * whether a change loosened the schema (a keyword dropped) rather than only restated it.
 */
export type JsonSchemaRepair =
  | { valid: true; schema: Record<string, unknown>; repairs: string[]; loosened: boolean }
  | { valid: false; problem: string; repairs: string[] };

/** Checks schemas against draft 2020-12's meta-schema (which Bedrock's models hold tool schemas to), compiled once. */
const metaSchema = new Ajv2020({ strict: false, validateFormats: false });

/** Enough for any schema a person wrote; past it the schema is treated as broken beyond repair. */
const MAX_REPAIRS = 50;

/**
 * Keywords of the top level a tool's input cannot do without: when one of them is invalid, dropping it would
 * offer the model a schema that says nothing, so the schema cannot be repaired.
 */
const ESSENTIAL_AT_TOP = new Set(["type", "properties"]);

/**
 * Makes `schema` (plain JSON, top-level `$schema` already set aside) valid JSON Schema draft 2020-12, as
 * Bedrock's models require of every tool: one invalid tool fails every request it is offered in. Draft 7's
 * tuples (`items: [...]`, `additionalItems`), which zod-to-json-schema and many MCP servers still write, become
 * 2020-12's `prefixItems` and `items`, meaning the same. Any other invalid keyword (a property `"type": 5`,
 * a `required` holding a number) is dropped, which only loosens the schema: the tool still checks its own
 * input. Each change is described in `repairs`. An invalid top-level `type` or `properties` cannot be repaired.
 */
export function repairJsonSchema(schema: Record<string, unknown>): JsonSchemaRepair {
  const copy = structuredClone(schema);
  const repairs: string[] = [];
  if (upgradeTuples(copy)) repairs.push("rewrote draft 7's tuple `items` as draft 2020-12's `prefixItems`");
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    let valid: boolean;
    try {
      valid = metaSchema.validateSchema(copy) === true;
    } catch (error) {
      return { valid: false, problem: `it cannot be checked (${String(error)})`, repairs };
    }
    if (valid) return { valid: true, schema: copy, repairs, loosened: attempt > 0 };
    const path = pointerToPath(metaSchema.errors?.[0]?.instancePath ?? "");
    const where = path.join(".");
    const value = JSON.stringify(valueAt(copy, path))?.slice(0, 60);
    if (path.length === 0 || (path.length === 1 && ESSENTIAL_AT_TOP.has(path[0] as string)))
      return {
        valid: false,
        problem: `${where || "its top level"} ${value} is not valid JSON Schema`,
        repairs,
      };
    removeAt(copy, path);
    repairs.push(`dropped ${where}: ${value} is not valid JSON Schema`);
  }
  return {
    valid: false,
    problem: `more than ${MAX_REPAIRS} of its keywords are not valid JSON Schema`,
    repairs,
  };
}

/** `/properties/a~1b/items/0` → `["properties", "a/b", "items", "0"]` (JSON Pointer's escapes undone). */
function pointerToPath(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** Removes the member at `path`: a key of an object, or an item of a list (the rest move up). */
function removeAt(root: unknown, path: readonly string[]): void {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path.at(-1) as string;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (typeof parent === "object" && parent !== null) delete (parent as Record<string, unknown>)[key];
}

/** Keywords whose values are data, not schemas: a tuple-like value there is left as it is. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);

/**
 * Rewrites every draft 7 tuple in place (`items: [a, b]` with `additionalItems: c` → `prefixItems: [a, b]`
 * with `items: c`), walking with a stack so no schema's depth can overflow the call stack. Reports whether
 * it rewrote any.
 */
function upgradeTuples(root: unknown): boolean {
  let rewrote = false;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const schema = node as Record<string, unknown>;
    if (Array.isArray(schema.items) && !("prefixItems" in schema)) {
      schema.prefixItems = schema.items;
      delete schema.items;
      if ("additionalItems" in schema) {
        schema.items = schema.additionalItems;
        delete schema.additionalItems;
      }
      rewrote = true;
    }
    for (const [key, value] of Object.entries(schema)) if (!DATA_KEYWORDS.has(key)) stack.push(value);
  }
  return rewrote;
}
