import type { ContentBlock, Message, ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { AnyTool } from "../contracts/tool.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import { executeToolUses, type ToolEvent } from "../tools/execute-tool-uses.js";
import { EventChannel } from "./event-channel.js";
import type { RunContext } from "./run-context.js";

/** What a tool step decided about structured output carried by the output tool. */
export type ToolStepOutput =
  | { accepted: true; value: unknown; rejected?: false }
  | { accepted: false; rejected: true; message: string }
  | { accepted: false; rejected?: false };

/**
 * Runs one step's tool uses, yielding their events as they happen, and builds the user message that
 * answers every tool use. The structured-output tool is answered here too: its input is the output.
 */
export async function* runToolStep(options: {
  ctx: RunContext;
  step: number;
  toolUses: ToolUseBlock[];
  rawInputs: Map<string, string>;
  tools: readonly AnyTool[];
}): AsyncGenerator<
  ToolEvent,
  {
    records: ToolCallRecord[];
    resultMessage: Message;
    output: ToolStepOutput;
    /** The tool guardrails' interventions, as their events were yielded. */
    interventions: GuardrailIntervention[];
  }
> {
  const { ctx, step } = options;
  const outputUse = ctx.output?.tool
    ? options.toolUses.find((use) => use.name === OUTPUT_TOOL_NAME)
    : undefined;
  let output: ToolStepOutput = { accepted: false };
  const answeredHere = new Map<string, ToolCallRecord>();
  if (outputUse && ctx.output) {
    const alone = options.toolUses.length === 1;
    const checked = alone ? await ctx.output.check(outputUse.input) : undefined;
    output = !alone
      ? {
          accepted: false,
          rejected: true,
          message: `call ${OUTPUT_TOOL_NAME} by itself, after the other tools have answered`,
        }
      : checked?.success
        ? { accepted: true, value: checked.value }
        : {
            accepted: false,
            rejected: true,
            message: checked?.success === false ? checked.message : "invalid output",
          };
    const text = output.accepted
      ? "Output received."
      : `Invalid output: ${output.rejected ? output.message : ""}. Call ${OUTPUT_TOOL_NAME} again with corrected input.`;
    answeredHere.set(outputUse.toolUseId ?? "", {
      step,
      toolUseId: outputUse.toolUseId ?? "",
      toolName: OUTPUT_TOOL_NAME,
      input: outputUse.input,
      status: output.accepted ? "success" : "error",
      content: [{ text }],
      durationMs: 0,
    });
  }

  const channel = new EventChannel<ToolEvent>();
  const interventions: GuardrailIntervention[] = [];
  const toolsByName = new Map(
    options.tools.filter((tool) => tool.name !== OUTPUT_TOOL_NAME).map((tool) => [tool.name, tool]),
  );
  const execution = executeToolUses({
    toolUses: options.toolUses.filter((use) => !answeredHere.has(use.toolUseId ?? "")),
    rawInputs: options.rawInputs,
    tools: toolsByName,
    concurrency: ctx.toolConcurrency,
    defaultTimeoutMs: ctx.toolTimeoutMs,
    signal: ctx.signal,
    context: { runId: ctx.runId, step, sessionId: ctx.sessionId },
    guard: ctx.toolGuard,
    emit: (event) => {
      if (event.type === "guardrail") interventions.push(event.intervention);
      channel.push(event);
    },
  }).finally(() => channel.close());
  yield* channel.drain();
  const executed = await execution;

  const byId = new Map([...answeredHere, ...executed.map((record) => [record.toolUseId, record] as const)]);
  const records = options.toolUses.map((use) => byId.get(use.toolUseId ?? "") as ToolCallRecord);
  const content: ContentBlock[] = records.map((record) => ({
    toolResult: { toolUseId: record.toolUseId, content: record.content, status: record.status },
  }));
  return { records, resultMessage: { role: "user", content }, output, interventions };
}
