import { LodeError } from "@lode/core";
import { describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod3";
import { defineTool } from "./define-tool.js";
import { toolContext } from "./tool-context.test-support.js";

/** The error `define` throws, so its code and message can be checked together. */
function definitionError(define: () => unknown): LodeError {
  try {
    define();
  } catch (error) {
    if (LodeError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the definition to throw");
}

/** The JSON schema the weather input below becomes, written with zod 4 or zod 3 alike. */
const WEATHER_JSON_SCHEMA = {
  type: "object",
  properties: {
    city: { type: "string", description: "The city name" },
    unit: { type: "string", enum: ["celsius", "fahrenheit"], default: "celsius" },
    days: { type: "integer", minimum: 1 },
    stops: {
      type: "array",
      items: {
        type: "object",
        properties: { lat: { type: "number" }, lon: { type: "number" } },
        required: ["lat", "lon"],
      },
    },
    owner: {
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
      description: "Who asks",
    },
  },
  required: ["city", "stops", "owner"],
};

describe("defineTool with a zod 4 schema", () => {
  const weather = defineTool({
    name: "get_weather",
    description: "Current weather for a city.",
    input: z.object({
      city: z.string().describe("The city name"),
      unit: z.enum(["celsius", "fahrenheit"]).default("celsius"),
      days: z.number().int().min(1).optional(),
      stops: z.array(z.object({ lat: z.number(), lon: z.number() })),
      owner: z.object({ name: z.string() }).describe("Who asks"),
    }),
    run: ({ city }) => `Sunny in ${city}`,
  });

  test("produces an object JSON schema with properties, required fields and descriptions", () => {
    expect(weather.inputSchema).toMatchObject(WEATHER_JSON_SCHEMA);
  });

  test("leaves optional and defaulted fields out of required", () => {
    expect(weather.inputSchema.required).toEqual(["city", "stops", "owner"]);
  });

  test("omits the $schema key Bedrock does not want", () => {
    expect(weather.inputSchema).not.toHaveProperty("$schema");
  });

  test("keeps name, description, strict and timeout as given", () => {
    const tool = defineTool({
      name: "lookup-2",
      description: "Looks things up.",
      input: z.object({ q: z.string() }),
      strict: true,
      timeoutMs: 1500,
      run: () => "found",
    });
    expect(tool).toMatchObject({
      name: "lookup-2",
      description: "Looks things up.",
      strict: true,
      timeoutMs: 1500,
    });
    expect(weather).not.toHaveProperty("strict");
    expect(weather).not.toHaveProperty("timeoutMs");
  });

  test("infers the handler's input type from the schema", () => {
    defineTool({
      name: "typed",
      description: "Checks inference.",
      input: z.object({
        city: z.string(),
        days: z.number().optional(),
        unit: z.enum(["c", "f"]).default("c"),
        tags: z.array(z.string()),
      }),
      run: (input) => {
        expectTypeOf(input).toEqualTypeOf<{
          city: string;
          days?: number | undefined;
          unit: "c" | "f";
          tags: string[];
        }>();
        return input.city;
      },
    });
  });

  test("types validate's value as the parsed input", () => {
    const outcome = weather.validate({ city: "Oslo", stops: [], owner: { name: "Kari" } });
    if (outcome.success) {
      expectTypeOf(outcome.value.city).toEqualTypeOf<string>();
      expectTypeOf(outcome.value.unit).toEqualTypeOf<"celsius" | "fahrenheit">();
    }
    expect(outcome).toEqual({
      success: true,
      value: { city: "Oslo", unit: "celsius", stops: [], owner: { name: "Kari" } },
    });
  });
});

describe("defineTool with a zod 3 schema", () => {
  const schema = z3.object({
    city: z3.string().describe("The city name"),
    unit: z3.enum(["celsius", "fahrenheit"]).default("celsius"),
    days: z3.number().int().min(1).optional(),
    stops: z3.array(z3.object({ lat: z3.number(), lon: z3.number() })),
    owner: z3.object({ name: z3.string() }).describe("Who asks"),
  });

  test("uses the real zod 3 API, not zod 4 under another name", () => {
    expect(schema).not.toHaveProperty("_zod");
    expect(schema._def.typeName).toBe("ZodObject");
  });

  test("produces the same kind of object JSON schema as zod 4", () => {
    const tool = defineTool({
      name: "get_weather",
      description: "Current weather for a city.",
      input: schema,
      run: ({ city }) => city,
    });
    expect(tool.inputSchema).not.toHaveProperty("$schema");
    expect(tool.inputSchema).toMatchObject(WEATHER_JSON_SCHEMA);
  });

  test("infers the handler's input type and validates with zod 3", () => {
    const tool = defineTool({
      name: "typed3",
      description: "Checks inference.",
      input: z3.object({ city: z3.string(), days: z3.number().optional() }),
      run: (input) => {
        expectTypeOf(input).toEqualTypeOf<{ city: string; days?: number | undefined }>();
        return input.city;
      },
    });
    expect(tool.validate({ city: "Oslo" })).toEqual({ success: true, value: { city: "Oslo" } });
    expect(tool.validate({ city: 1, days: "two" })).toEqual({
      success: false,
      issues: [
        { path: "city", message: expect.any(String) },
        { path: "days", message: expect.any(String) },
      ],
    });
  });
});

describe("defineTool at definition time", () => {
  const base = { description: "Does a thing.", run: () => "done" };

  test.each([
    ["a string", z.string(), '"string"'],
    ["an array", z.array(z.object({ id: z.string() })), '"array"'],
    ["a number", z.number(), '"number"'],
  ])("rejects a top-level schema that is %s", (_kind, input, named) => {
    const error = definitionError(() => defineTool({ ...base, name: "not_object", input }));
    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain('Tool "not_object"');
    expect(error.message).toContain("top level must be an object");
    expect(error.message).toContain(named);
  });

  test("rejects a top-level discriminated union, which zod 4 turns into oneOf with no object type", () => {
    const input = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("city"), city: z.string() }),
      z.object({ kind: z.literal("coords"), lat: z.number(), lon: z.number() }),
    ]);
    const json = z.toJSONSchema(input, { target: "draft-7", io: "input" });
    expect(json).not.toHaveProperty("type");
    expect(json.oneOf ?? json.anyOf).toHaveLength(2);

    const error = definitionError(() => defineTool({ ...base, name: "union_tool", input }));
    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain('Tool "union_tool"');
    expect(error.message).toContain("top level must be an object (z.object({...}))");
  });

  test("rejects a top-level plain union of objects", () => {
    const input = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]);
    const error = definitionError(() => defineTool({ ...base, name: "union_tool", input }));
    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain("top level must be an object");
  });

  test("rejects a top-level zod 3 schema that is not an object", () => {
    const error = definitionError(() => defineTool({ ...base, name: "z3_string", input: z3.string() }));
    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain('not "string"');
  });

  test.each(["", "has space", "dots.are.out", "a".repeat(65), "ünïcode"])(
    "rejects the invalid name %j",
    (name) => {
      const error = definitionError(() => defineTool({ ...base, name, input: z.object({}) }));
      expect(error.code).toBe("invalid-config");
      expect(error.message).toContain(`Tool name "${name}" is invalid`);
      expect(error.message).toContain("1 to 64 letters");
    },
  );

  test("accepts a name of exactly 64 allowed characters", () => {
    expect(defineTool({ ...base, name: "a".repeat(64), input: z.object({}) }).name).toHaveLength(64);
  });

  test.each(["", "   "])("rejects the missing description %j", (description) => {
    const error = definitionError(() =>
      defineTool({ name: "quiet", description, input: z.object({}), run: () => "done" }),
    );
    expect(error.code).toBe("invalid-config");
    expect(error.message).toBe(
      'Tool "quiet" needs a description: the model reads it to decide when to call it.',
    );
  });
});

describe("validate", () => {
  const tool = defineTool({
    name: "plan_route",
    description: "Plans a route.",
    input: z.object({
      city: z.string(),
      mode: z.enum(["walk", "drive"]),
      stops: z.array(z.object({ lat: z.number(), lon: z.number() })),
    }),
    run: () => "planned",
  });

  test("reports every failing field with its path and reason", () => {
    const outcome = tool.validate({ city: 7, mode: "fly", stops: [{ lat: 1, lon: 2 }, { lat: "north" }] });
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.issues.map((issue) => issue.path)).toEqual(["city", "mode", "stops.1.lat", "stops.1.lon"]);
    for (const issue of outcome.issues) expect(issue.message).not.toBe("");
    expect(outcome.issues[0]?.message).toMatch(/expected string/);
    expect(outcome.issues[1]?.message).toMatch(/"walk"|walk/);
  });

  test("reports a root-level failure with an empty path", () => {
    const outcome = tool.validate("not an object");
    expect(outcome).toEqual({
      success: false,
      issues: [{ path: "", message: expect.stringMatching(/expected object/) }],
    });
  });

  test("passes valid input through as the parsed value", () => {
    const input = { city: "Oslo", mode: "walk", stops: [{ lat: 59.9, lon: 10.7 }] };
    expect(tool.validate(input)).toEqual({ success: true, value: input });
  });

  test("runs the handler with the input and context", async () => {
    const seen: unknown[] = [];
    const echo = defineTool({
      name: "echo",
      description: "Echoes.",
      input: z.object({ word: z.string() }),
      run: (input, ctx) => {
        seen.push(input, ctx.toolUseId);
        return input.word;
      },
    });
    await expect(echo.run({ word: "hi" }, toolContext)).resolves.toEqual([{ text: "hi" }]);
    expect(seen).toEqual([{ word: "hi" }, "tooluse_1"]);
  });
});

describe("defineTool with types JSON cannot carry", () => {
  test("rejects a z.date() field at definition time instead of sending an empty schema", () => {
    expect(() =>
      defineTool({ name: "when", description: "d", input: z.object({ at: z.date() }), run: () => "" }),
    ).toThrow(/cannot be expressed as JSON Schema/);
  });
});
