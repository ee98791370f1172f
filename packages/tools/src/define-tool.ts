import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import {
  type AnyTool,
  issuePath,
  LodeError,
  type NeedsApproval,
  type ObjectJsonSchema,
  TOOL_NAME_PATTERN,
  type Tool,
  type ToolContext,
  type ToolGuardrailOptions,
  type ValidationOutcome,
} from "@lode/core";
import type { z as z4 } from "zod";
import { type AnyZodSchema, toObjectJsonSchema, type Zod3Schema } from "./schema-to-json.js";
import { type ToolReturn, toToolResultContent } from "./tool-result-content.js";

/** The input type a zod 3 or zod 4 schema parses to. */
export type InputOf<S> = S extends z4.ZodType ? z4.output<S> : S extends Zod3Schema<infer T> ? T : never;

export interface DefineToolOptions<S extends AnyZodSchema> {
  /** `^[a-zA-Z0-9_-]{1,64}$` */
  name: string;
  /** What the tool does and when to use it: the model reads this. */
  description: string;
  /** The input schema (zod 4 or zod 3); its top level must be an object. */
  input: S;
  /** Does the work. Return a string (text), an object (json), `image()`/`document()` results, or result blocks. */
  run: (input: InputOf<S>, context: ToolContext) => ToolReturn | Promise<ToolReturn>;
  /** Milliseconds before the call is aborted and answered with an error. */
  timeoutMs?: number;
  /** Ask the model to follow the schema exactly, where it supports strict tool use. */
  strict?: boolean;
  /**
   * A guardrail (ApplyGuardrail) on this tool's input before it runs and its result before the model reads
   * it, in place of the agent's `toolGuardrail`; `false` exempts this tool from the agent's.
   */
  guardrail?: ToolGuardrailOptions | false;
  /**
   * Whether a call must wait for a person's approval before it runs: `true`, or a function of the call's
   * validated input (`({ amount }) => amount > 100`). See the agent's `approver`.
   * @default false
   */
  needsApproval?: NeedsApproval<InputOf<S>>;
  /**
   * Running a call twice does no harm (a lookup, an upsert by key). In a durable run, a call in flight when
   * its process died is run again only if its tool is idempotent; otherwise it is answered as interrupted.
   * @default false
   */
  idempotent?: boolean;
}

/**
 * Defines a tool from a zod schema. The schema becomes the ToolSpecification's JSON Schema (checked here,
 * at definition time, to be `"type": "object"`), validates the model's input before `run` is called, and
 * types `run`'s input.
 */
export function defineTool<S extends AnyZodSchema>(options: DefineToolOptions<S>): Tool<InputOf<S>> {
  if (!TOOL_NAME_PATTERN.test(options.name)) {
    throw new LodeError(
      "invalid-config",
      `Tool name "${options.name}" is invalid: use 1 to 64 letters, digits, "_" or "-" (${TOOL_NAME_PATTERN}).`,
    );
  }
  if (!options.description?.trim()) {
    throw new LodeError(
      "invalid-config",
      `Tool "${options.name}" needs a description: the model reads it to decide when to call it.`,
    );
  }
  const inputSchema: ObjectJsonSchema = toObjectJsonSchema(options.input, options.name);
  return {
    name: options.name,
    description: options.description,
    inputSchema,
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.guardrail !== undefined ? { guardrail: options.guardrail } : {}),
    ...(options.needsApproval !== undefined ? { needsApproval: options.needsApproval } : {}),
    ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
    validate: (input) => validateWith(options.input, input) as ValidationOutcome<InputOf<S>>,
    run: async (input, context): Promise<ToolResultContentBlock[]> =>
      toToolResultContent(await options.run(input, context)),
  };
}

function validateWith(schema: AnyZodSchema, input: unknown): ValidationOutcome<unknown> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, value: result.data };
  const issues = (result.error as { issues: { path: PropertyKey[]; message: string }[] }).issues.map(
    (issue) => ({
      path: issuePath({ message: issue.message, path: issue.path }),
      message: issue.message,
    }),
  );
  return { success: false, issues };
}

export type { AnyTool };
