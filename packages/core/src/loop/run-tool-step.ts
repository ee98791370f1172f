import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { GuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { AssembledToolUse } from "../model/tool-input.js";
import { answerOutputTool, type OutputToolAnswer } from "../structured-output/answer-output-tool.js";
import { executeToolCalls } from "../tools/execute-tool-calls.js";
import type { RunContext } from "./run-context.js";

/** What one step's tool calls produced. */
export interface ToolStepResult {
  records: ToolCallRecord[];
  /** The user message that answers every tool use of the step, in their order. */
  resultMessage: Message;
  /** What the structured-output tool's call decided, when the model called it. */
  output: OutputToolAnswer | undefined;
  /** The tool guardrails' interventions, as their events were yielded. */
  interventions: GuardrailIntervention[];
}

/**
 * Runs one step's tool uses through the run's tool-call pipeline, yielding their events as they happen,
 * and builds the message of their results. A call of the structured-output tool is answered here: its
 * input is the run's output.
 */
export async function* runToolStep(
  ctx: RunContext,
  step: number,
  toolUses: readonly AssembledToolUse[],
): AsyncGenerator<UnstampedEvent, ToolStepResult> {
  const output = ctx.output?.tool ? await answerOutputTool(ctx.output, toolUses, step) : undefined;
  if (output) {
    const { toolUseId, toolName, status, content, durationMs } = output.record;
    yield { type: "tool-result", toolUseId, toolName, status, content, durationMs };
  }
  const execution = executeToolCalls({
    toolUses: output ? toolUses.filter((use) => use !== output.toolUse) : toolUses,
    answer: ctx.answerToolCall,
    concurrency: ctx.toolConcurrency,
    signal: ctx.signal,
    context: { runId: ctx.runId, step, sessionId: ctx.sessionId },
    emit: (event) => ctx.toolEvents.push(event),
  });
  const interventions: GuardrailIntervention[] = [];
  const events = ctx.toolEvents.drainUntil(execution);
  let next = await events.next();
  while (!next.done) {
    if (next.value.type === "guardrail") interventions.push(next.value.intervention);
    yield next.value;
    next = await events.next();
  }
  const byId = new Map(next.value.map((record) => [record.toolUseId, record]));
  if (output) byId.set(output.record.toolUseId, output.record);
  const records = toolUses.map((use) => byId.get(use.toolUseId) as ToolCallRecord);
  const content: ContentBlock[] = records.map((record) => ({
    toolResult: { toolUseId: record.toolUseId, content: record.content, status: record.status },
  }));
  return { records, resultMessage: { role: "user", content }, output, interventions };
}
