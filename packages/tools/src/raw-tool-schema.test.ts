import { Agent, type Tool } from "@lode/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";

// Core checks a raw Tool's schema without a validator of its own (it may depend on no other); ajv's check
// against the draft 2020-12 meta-schema is the reference it must never be stricter than.
const ajv = new Ajv2020({ strict: false, validateFormats: false });

const raw = (inputSchema: Record<string, unknown>): Tool => ({
  name: "raw",
  description: "A tool written by hand.",
  inputSchema: { type: "object", ...inputSchema },
  validate: (input) => ({ success: true, value: input }),
  run: async () => [{ text: "ran" }],
});

function coreAccepts(schema: Record<string, unknown>): boolean {
  try {
    new Agent({ modelId: "us.amazon.nova-lite-v1:0", tools: [raw(schema)] });
    return true;
  } catch {
    return false;
  }
}

const valid: Record<string, unknown>[] = [
  { properties: { a: { type: ["string", "null"], enum: ["x", null] } }, required: ["a"] },
  { properties: { at: { type: "array", prefixItems: [{ type: "number" }], items: false, minItems: 1 } } },
  {
    properties: { n: { type: "number", exclusiveMinimum: 0, multipleOf: 0.5 } },
    additionalProperties: false,
  },
  { $defs: { id: { type: "string", pattern: "^[a-z]+$" } }, properties: { id: { $ref: "#/$defs/id" } } },
  { definitions: { x: true }, properties: { x: { allOf: [{}, true] } }, dependentRequired: { x: ["y"] } },
  { properties: { a: { "x-vendor": 5, format: "date", description: "A date.", deprecated: true } } },
  { properties: { type: { type: "string" }, properties: { type: "object" } } },
];

const invalid: Record<string, unknown>[] = [
  { properties: { x: { type: 5 } } },
  { properties: { x: { type: "x" } } },
  { properties: { x: { type: [] } } },
  { properties: { x: { type: ["string", "string"] } } },
  { properties: { x: 7 } },
  { properties: { x: { properties: { y: { required: "y" } } } } },
  { properties: { x: { items: [{ type: "string" }] } } },
  { properties: { x: { anyOf: [] } } },
  { properties: { x: { minLength: -1 } } },
  { properties: { x: { multipleOf: 0 } } },
  { properties: { x: { enum: "a" } } },
  { properties: { x: { additionalProperties: "no" } } },
  { required: ["a", "a"] },
];

describe("core's check of a raw Tool's schema, against ajv's", () => {
  test.each(valid.map((schema) => [JSON.stringify(schema), schema]))(
    "accepts %s, as ajv does",
    (_name, schema) => {
      expect(ajv.validateSchema({ type: "object", ...schema })).toBe(true);
      expect(coreAccepts(schema)).toBe(true);
    },
  );

  test.each(invalid.map((schema) => [JSON.stringify(schema), schema]))(
    "refuses %s, as ajv does",
    (_name, schema) => {
      expect(ajv.validateSchema({ type: "object", ...schema })).toBe(false);
      expect(coreAccepts(schema)).toBe(false);
    },
  );
});
