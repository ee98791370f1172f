import { describe, expect, test } from "vitest";
import { z as z3 } from "zod3";
import { repairJsonSchema } from "./repair-json-schema.js";
import { toObjectJsonSchema } from "./schema-to-json.js";

describe("repairJsonSchema", () => {
  test("keeps a valid schema as it is, reporting no repair", () => {
    const schema = { type: "object", properties: { city: { type: ["string", "null"] } }, required: ["city"] };
    expect(repairJsonSchema(schema)).toEqual({ valid: true, schema, repairs: [], loosened: false });
  });

  test("drops each invalid keyword, however deep, saying where and what", () => {
    const repair = repairJsonSchema({
      type: "object",
      properties: {
        a: { type: "x" },
        b: { type: "object", required: ["c", 5], properties: { c: { anyOf: [] } } },
        "d/e": 7,
      },
    });
    expect(repair).toEqual({
      valid: true,
      loosened: true,
      schema: {
        type: "object",
        properties: { a: {}, b: { type: "object", required: ["c"], properties: { c: {} } } },
      },
      repairs: [
        'dropped properties.a.type: "x" is not valid JSON Schema',
        "dropped properties.b.properties.c.anyOf: [] is not valid JSON Schema",
        "dropped properties.b.required.1: 5 is not valid JSON Schema",
        "dropped properties.d/e: 7 is not valid JSON Schema",
      ],
    });
  });

  test("restates draft 7 tuples as prefixItems, leaving data that looks like one alone", () => {
    const repair = repairJsonSchema({
      type: "object",
      properties: {
        pair: { type: "array", items: [{ type: "number" }], additionalItems: { type: "string" } },
        flag: { default: { items: [1] } },
      },
    });
    expect(repair).toMatchObject({
      valid: true,
      loosened: false,
      schema: {
        properties: {
          pair: { type: "array", prefixItems: [{ type: "number" }], items: { type: "string" } },
          flag: { default: { items: [1] } },
        },
      },
    });
  });

  test("refuses to repair an invalid top-level properties", () => {
    expect(repairJsonSchema({ type: "object", properties: [] })).toMatchObject({
      valid: false,
      problem: "properties [] is not valid JSON Schema",
    });
  });

  test("makes a zod 3 tuple's schema one of draft 2020-12", () => {
    const schema = toObjectJsonSchema(z3.object({ at: z3.tuple([z3.number(), z3.number()]) }), "locate");
    expect(schema.properties).toEqual({
      at: { type: "array", minItems: 2, maxItems: 2, prefixItems: [{ type: "number" }, { type: "number" }] },
    });
  });
});
