import { LodeError, type ObjectJsonSchema } from "@lode/core";
import { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
import { repairJsonSchema } from "./repair-json-schema.js";

/** The part of a zod 3 schema Lode uses (zod 3 is not installed here; its schemas are recognised by shape). */
export interface Zod3Schema<T = unknown> {
  _def: unknown;
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export type AnyZodSchema = z.ZodType | Zod3Schema;

/** zod 4 schemas carry `_zod`; zod 3 schemas do not. */
function isZod4(schema: AnyZodSchema): schema is z.ZodType {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}

/**
 * The JSON Schema Bedrock receives as `toolSpec.inputSchema.json`. zod 4 converts with its own
 * `z.toJSONSchema` (at draft 2020-12); zod 3 with `zod-to-json-schema`, which, handed a zod 4 schema, silently returns an
 * empty schema, hence the version check. Either way the top level must be an object.
 */
export function toObjectJsonSchema(schema: AnyZodSchema, toolName: string): ObjectJsonSchema {
  let json: Record<string, unknown>;
  try {
    json = isZod4(schema)
      ? z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" })
      : (zodToJsonSchema(schema as never, { target: "jsonSchema7", $refStrategy: "none" }) as Record<
          string,
          unknown
        >);
  } catch (error) {
    // zod throws for what JSON cannot carry (dates, bigints, maps): a model could never send valid input.
    const reason = error instanceof Error ? ` ${error.message}` : "";
    throw new LodeError(
      "invalid-config",
      `Tool "${toolName}": its input schema cannot be expressed as JSON Schema.${reason}`,
      { cause: error },
    );
  }
  const { $schema: _ignored, ...rest } = json;
  if (rest.type !== "object") {
    throw new LodeError(
      "invalid-config",
      `Tool "${toolName}": the input schema's top level must be an object (z.object({...})), not ${describeTopLevel(rest)}.`,
    );
  }
  // zod 4 writes draft 2020-12, which Bedrock's models hold schemas to; zod-to-json-schema writes only draft
  // 7, whose tuples are restated here. Anything else invalid is the schema's own fault, reported now rather
  // than by every request.
  const repair = repairJsonSchema(rest);
  if (!repair.valid || repair.loosened) {
    const why = repair.valid ? repair.repairs.join("; ") : repair.problem;
    throw new LodeError(
      "invalid-config",
      `Tool "${toolName}": its input schema is not valid JSON Schema draft 2020-12, which Bedrock requires (${why}).`,
    );
  }
  return repair.schema as ObjectJsonSchema;
}

function describeTopLevel(schema: Record<string, unknown>): string {
  if (schema.type !== undefined) return JSON.stringify(schema.type);
  const combinator = ["oneOf", "anyOf", "allOf"].find((key) => key in schema);
  return combinator ? `a union (${combinator})` : "an unspecified type";
}
