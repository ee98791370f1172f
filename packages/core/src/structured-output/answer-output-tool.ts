import type { AgentPath } from "../contracts/agent-event.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import { describeError } from "../errors/describe-error.js";
import type { AssembledToolUse } from "../model/tool-input.js";
import { OUTPUT_TOOL_NAME, type StructuredOutputPlan } from "./structured-output.js";

/** What a call of the structured-output tool decided, and the record that answers it. */
export type OutputToolAnswer = { toolUse: AssembledToolUse; record: ToolCallRecord } & (
  | { accepted: true; value: unknown }
  | { accepted: false; message: string }
);

/**
 * Answers the model's call of the structured-output tool, if it made one: its input, checked against the
 * output schema, is the run's output. It must come alone, so that its answer is the run's last word.
 */
export async function answerOutputTool(
  plan: StructuredOutputPlan,
  toolUses: readonly AssembledToolUse[],
  step: number,
  agentPath: AgentPath,
): Promise<OutputToolAnswer | undefined> {
  const toolUse = toolUses.find((use) => use.toolName === OUTPUT_TOOL_NAME);
  if (!toolUse) return undefined;
  const verdict = await judge(plan, toolUse, toolUses.length);
  const text = verdict.accepted
    ? "Output received."
    : `Invalid output: ${verdict.message}. Call ${OUTPUT_TOOL_NAME} again with corrected input.`;
  const record: ToolCallRecord = {
    agentPath,
    step,
    toolUseId: toolUse.toolUseId,
    toolName: OUTPUT_TOOL_NAME,
    input: toolUse.input === undefined ? toolUse.rawInput : toolUse.input,
    status: verdict.accepted ? "success" : "error",
    content: [{ text }],
    durationMs: 0,
  };
  return { toolUse, record, ...verdict };
}

async function judge(
  plan: StructuredOutputPlan,
  toolUse: AssembledToolUse,
  callsInStep: number,
): Promise<{ accepted: true; value: unknown } | { accepted: false; message: string }> {
  if (callsInStep > 1)
    return {
      accepted: false,
      message: `call ${OUTPUT_TOOL_NAME} by itself, after the other tools have answered`,
    };
  if (toolUse.input === undefined) return { accepted: false, message: "its input is not valid JSON" };
  try {
    const checked = await plan.check(toolUse.input);
    return checked.success
      ? { accepted: true, value: checked.value }
      : { accepted: false, message: checked.message };
  } catch (error) {
    return { accepted: false, message: describeError(error) };
  }
}
