import type { OutputConfig, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { StructuredOutputMode } from "../agent/agent-options.js";
import type { AnyTool, ObjectJsonSchema } from "../contracts/tool.js";
import { LodeError } from "../errors/lode-error.js";
import { issuePath, type StandardSchemaV1 } from "../schema/standard-schema.js";
import { jsonSchemaProblem } from "../tools/json-schema-problem.js";

/** The name of the tool that carries structured output when the model has no native support. */
export const OUTPUT_TOOL_NAME = "final_output";

/** Models known to honour `outputConfig.textFormat` (Claude 4.5 and later). */
const NATIVE_STRUCTURED_OUTPUT_MODELS = /anthropic\.claude-(sonnet|opus|haiku)-(4-[5-9]|[5-9])/;

export type OutputCheck = { success: true; value: unknown } | { success: false; message: string };

/** How a run obtains and checks its structured output. */
export interface StructuredOutputPlan {
  mode: "native" | "tool";
  /** Set on the request in native mode. */
  outputConfig?: OutputConfig;
  /** Offered (and forced when needed) in tool mode. */
  tool?: AnyTool;
  /** Validates a candidate: the parsed text (native) or the tool input (tool mode). */
  check(candidate: unknown): Promise<OutputCheck>;
}

export function planStructuredOutput(
  schema: StandardSchemaV1,
  mode: StructuredOutputMode,
  modelId: string,
): StructuredOutputPlan {
  const jsonSchema = objectJsonSchema(schema);
  const check = async (candidate: unknown): Promise<OutputCheck> => {
    const result = await schema["~standard"].validate(candidate);
    if (!result.issues) return { success: true, value: result.value };
    const details = result.issues
      .map((issue) => `${issuePath(issue) || "(root)"}: ${issue.message}`)
      .join("; ");
    return { success: false, message: details };
  };
  const native = mode === "native" || (mode === "auto" && NATIVE_STRUCTURED_OUTPUT_MODELS.test(modelId));
  if (native) {
    return {
      mode: "native",
      outputConfig: {
        textFormat: {
          type: "json_schema",
          structure: { jsonSchema: { name: "output", schema: JSON.stringify(jsonSchema) } },
        },
      },
      check,
    };
  }
  const tool: AnyTool = {
    name: OUTPUT_TOOL_NAME,
    description:
      "Give your final answer by calling this tool once, with input that follows its schema exactly.",
    inputSchema: jsonSchema,
    validate: (input) => ({ success: true, value: input }),
    run: async (): Promise<ToolResultContentBlock[]> => [{ text: "Output received." }],
  };
  return { mode: "tool", tool, check };
}

/** The JSON text of a native structured answer, parsed; `undefined` when it is not JSON. */
export function parseOutputText(text: string): unknown {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "");
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function objectJsonSchema(schema: StandardSchemaV1): ObjectJsonSchema {
  const converter = schema["~standard"].jsonSchema;
  if (!converter) {
    throw new LodeError(
      "invalid-config",
      "The output schema cannot give a JSON Schema: use a zod 4 schema or another Standard Schema with JSON Schema support.",
    );
  }
  // Draft 2020-12, the draft Bedrock's models hold a tool's schema to: draft 7's tuple form (`items` as a
  // list, which zod writes for z.tuple at that target) is refused there, and so every request with it.
  const { $schema: _ignored, ...json } = converter.input({ target: "draft-2020-12" });
  const problem = jsonSchemaProblem(json);
  if (problem) {
    throw new LodeError(
      "invalid-config",
      `The output schema does not give valid JSON Schema draft 2020-12, which Bedrock requires: ${problem}.`,
    );
  }
  if (json.type !== "object") {
    throw new LodeError(
      "invalid-config",
      `The output schema's top level must be an object, not ${JSON.stringify(json.type)}.`,
    );
  }
  return json as ObjectJsonSchema;
}
