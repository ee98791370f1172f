import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { LodeError } from "../errors/lode-error.js";
import { textOf } from "../messages/text-of.js";
import { OUTPUT_TOOL_NAME, parseOutputText, type StructuredOutputPlan } from "./structured-output.js";

/** What follows a model turn that ended without calling a tool, in a run that must produce output. */
export type OutputTurn =
  | { kind: "done"; value: unknown }
  /** Ask again with `message`; in tool mode, forcing the output tool. */
  | { kind: "again"; message: Message; forceOutputTool: boolean };

/**
 * Reads the output from a finished answer (native mode: its text as JSON, checked), or asks for it again:
 * with the errors found, or (tool mode) by forcing the output tool. `attempt` counts the answers that
 * failed so far, this one included; past `maxRetries` the run fails with `invalid-output`.
 */
export async function outputFromAnswer(
  plan: StructuredOutputPlan,
  answer: Message,
  attempt: number,
  maxRetries: number,
): Promise<OutputTurn> {
  if (plan.mode === "tool") {
    if (attempt > maxRetries + 1) throw invalidOutput("the model did not call the output tool");
    // Roles must alternate: the forced turn answers a user message, not the model's own last one.
    return {
      kind: "again",
      forceOutputTool: true,
      message: userText(`Give your final answer now by calling the ${OUTPUT_TOOL_NAME} tool.`),
    };
  }
  const candidate = parseOutputText(textOf(answer));
  const checked =
    candidate === undefined
      ? { success: false as const, message: "the answer is not valid JSON" }
      : await plan.check(candidate);
  if (checked.success) return { kind: "done", value: checked.value };
  if (attempt > maxRetries) throw invalidOutput(checked.message);
  return {
    kind: "again",
    forceOutputTool: false,
    message: userText(
      `Your answer did not match the required JSON schema: ${checked.message}. Answer again with JSON only.`,
    ),
  };
}

export function invalidOutput(details: string): LodeError {
  return new LodeError("invalid-output", `The model's structured output stayed invalid: ${details}`);
}

function userText(text: string): Message {
  return { role: "user", content: [{ text }] };
}
