import { beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
import { z as z3 } from "zod3";
import type { toObjectJsonSchema as ToObjectJsonSchema } from "./schema-to-json.js";

// Spy on the converter toObjectJsonSchema imports, so the test sees which one each zod version goes through.
vi.mock("zod-to-json-schema", async (importOriginal) => {
  const actual = await importOriginal<typeof import("zod-to-json-schema")>();
  return { ...actual, zodToJsonSchema: vi.fn(actual.zodToJsonSchema) };
});

const spy = vi.mocked(zodToJsonSchema);

// Loaded afresh, so it is bound to the spied converter even when another test file of this worker (the test
// run shares modules between files) loaded it first.
let toObjectJsonSchema: typeof ToObjectJsonSchema;
beforeAll(async () => {
  vi.resetModules();
  ({ toObjectJsonSchema } = await import("./schema-to-json.js"));
});

describe("the zod-to-json-schema trap", () => {
  test("gets a schema with no object type from zod-to-json-schema given a zod 4 schema", () => {
    const json = zodToJsonSchema(z.object({ city: z.string() }) as never) as Record<string, unknown>;
    expect(json).not.toHaveProperty("type");
    expect(json).not.toHaveProperty("properties");
    const { $schema: _ignored, ...rest } = json;
    expect(rest).toEqual({});
  });

  test("toObjectJsonSchema converts a zod 4 schema without zod-to-json-schema", () => {
    spy.mockClear();
    const json = toObjectJsonSchema(z.object({ city: z.string() }), "weather");
    expect(spy).not.toHaveBeenCalled();
    expect(json).toEqual({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    });
  });

  test("toObjectJsonSchema converts a zod 3 schema with zod-to-json-schema", () => {
    spy.mockClear();
    const json = toObjectJsonSchema(z3.object({ city: z3.string() }), "weather");
    expect(spy).toHaveBeenCalledTimes(1);
    expect(json).toEqual({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    });
  });

  test("keeps a recursive zod 4 schema self-contained, every $ref resolving inside it", () => {
    const node: z.ZodType = z.lazy(() => z.object({ value: z.number(), next: node.optional() }));
    const json = toObjectJsonSchema(z.object({ head: node }), "linked_list");
    expect(json).toMatchObject({ type: "object", required: ["head"] });
    const refs = refsIn(json);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolvePointer(json, ref)).toMatchObject({ type: "object" });
  });
});

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === "$ref" && typeof item === "string" ? [item] : refsIn(item),
  );
}

function resolvePointer(root: unknown, ref: string): unknown {
  expect(ref.startsWith("#/")).toBe(true);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}
