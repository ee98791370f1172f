import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent, EventOf, UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalRequest } from "../contracts/approval.js";
import type { GuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import { planTransfers, type TakenHandoff, takenHandoff } from "../handoffs/transfer-calls.js";
import type { AssembledToolUse } from "../model/tool-input.js";
import { answerOutputTool, type OutputToolAnswer } from "../structured-output/answer-output-tool.js";
import { executeToolCalls } from "../tools/execute-tool-calls.js";
import type { RunContext } from "./run-context.js";

/** What one step's tool calls produced. */
export interface ToolStepResult {
  /** The answered calls, in the order of the tool uses (those answered before included). */
  records: ToolCallRecord[];
  /** Calls waiting for a person's approval: when there are any, `resultMessage` cannot be built yet. */
  waiting: ApprovalRequest[];
  /** The user message that answers every tool use of the step, in their order (when none waits). */
  resultMessage: Message | undefined;
  /** What the structured-output tool's call decided, when the model called it. */
  output: OutputToolAnswer | undefined;
  /** The tool guardrails' interventions, as their events were yielded. */
  interventions: GuardrailIntervention[];
  /** The handoff the step took (its transfer call answered), for the loop to make. */
  handoff: TakenHandoff | undefined;
  /** The model asked for a handoff beyond the run's limit: the run stops. */
  handoffLimitReached: boolean;
}

/**
 * Runs one step's tool uses through the run's tool-call pipeline, yielding their events as they happen,
 * and builds the message of their results. A call of the structured-output tool is answered here: its
 * input is the run's output. `answered` holds calls of these tool uses answered earlier (a run that
 * resumes after approval): they are not run again.
 */
export async function* runToolStep(
  ctx: RunContext,
  step: number,
  toolUses: readonly AssembledToolUse[],
  answered: readonly ToolCallRecord[] = [],
): AsyncGenerator<UnstampedEvent, ToolStepResult> {
  const output = ctx.output?.tool
    ? await answerOutputTool(ctx.output, toolUses, step, ctx.agentPath)
    : undefined;
  if (output) {
    const { toolUseId, toolName, status, content, durationMs } = output.record;
    yield { type: "tool-result", toolUseId, toolName, status, content, durationMs };
  }
  const transfers = planTransfers(ctx, step, toolUses);
  // A resumed step's declined transfers were answered (and reported) when it paused.
  const declined =
    transfers?.declined.filter((record) => !answered.some((done) => done.toolUseId === record.toolUseId)) ??
    [];
  for (const { toolUseId, toolName, status, content, durationMs } of declined)
    yield { type: "tool-result", toolUseId, toolName, status, content, durationMs };
  const before = declined.length > 0 ? [...answered, ...declined] : answered;
  const done = new Set(before.map((record) => record.toolUseId));
  const heard = new StepEvents(ctx);
  const execute = () =>
    executeToolCalls({
      toolUses: toolUses.filter((use) => use !== output?.toolUse && !done.has(use.toolUseId)),
      answer: ctx.answerToolCall,
      concurrency: ctx.toolConcurrency,
      signal: ctx.signal,
      context: {
        runId: ctx.runId,
        step,
        sessionId: ctx.sessionId,
        agentPath: ctx.agentPath,
        // A sub-agent's events are stamped already: they join the step's events as they are.
        emit: heard.push as (event: AgentEvent) => void,
        history: ctx.history,
        innerDecisions: ctx.innerDecisions,
      },
      emit: heard.push,
    });
  // In `run()` each event reaches the driver as its tool pushes it (see `leftToYield`); else it is yielded here.
  const events = ctx.toolEvents.drainWhile(execute, heard.deliverDirectly);
  let next = await events.next();
  while (!next.done) {
    heard.observe(next.value);
    yield next.value;
    next = await events.next();
  }
  const byId = new Map<string, ToolCallRecord>();
  for (const record of before) byId.set(record.toolUseId, record);
  for (const record of next.value.records) byId.set(record.toolUseId, record);
  if (output) byId.set(output.record.toolUseId, output.record);
  // Loops, not callbacks made per step (why: the root README, "Speed").
  const records: ToolCallRecord[] = [];
  const content: ContentBlock[] = [];
  for (const use of toolUses) {
    const record = byId.get(use.toolUseId);
    if (!record) continue;
    records.push(record);
    content.push({
      toolResult: { toolUseId: record.toolUseId, content: record.content, status: record.status },
    });
  }
  const { waiting } = next.value;
  const resultMessage: Message | undefined = waiting.length === 0 ? { role: "user", content } : undefined;
  return {
    records,
    waiting,
    resultMessage,
    output,
    interventions: heard.interventions,
    handoff: waiting.length === 0 ? takenHandoff(ctx, transfers, records) : undefined,
    handoffLimitReached: transfers?.limitReached ?? false,
  };
}

/**
 * What the step's tools push, on its way out: the tool guardrails' interventions and the sub-agents' runs
 * are noted as their events pass. Bound methods, not closures made per step (why: the root README, "Speed").
 */
class StepEvents {
  readonly interventions: GuardrailIntervention[] = [];
  /** The sub-agents' runs started by this step's calls: run id to the call that runs it. */
  private readonly subRunCalls = new Map<string, string>();
  readonly push = this.pushEvent.bind(this);
  readonly deliverDirectly = this.deliver.bind(this);

  constructor(private readonly ctx: RunContext) {}

  observe(event: UnstampedEvent): void {
    if (event.type === "guardrail") this.interventions.push(event.intervention);
    else if (event.type === "run-start")
      noteSubRun(this.subRunCalls, this.ctx, event as EventOf<"run-start">);
    else if (event.type === "run-end") keepSubRun(this.subRunCalls, this.ctx, event as EventOf<"run-end">);
  }

  private pushEvent(event: UnstampedEvent): void {
    this.ctx.toolEvents.push(event);
  }

  /** Hands an event to the run's driver at once, when it delivers directly; else it is queued and yielded. */
  private deliver(event: UnstampedEvent): boolean {
    const { deliverDirectly } = this.ctx;
    if (deliverDirectly === undefined) return false;
    this.observe(event);
    deliverDirectly(event);
    return true;
  }
}

/** A sub-agent's run started by a call of this run (not one of its own sub-agents'). */
function noteSubRun(calls: Map<string, string>, ctx: RunContext, event: EventOf<"run-start">): void {
  if (event.parent?.runId === ctx.runId) calls.set(event.runId, event.parent.toolUseId);
}

/** A sub-agent's run that ended inside this step (its own sub-agents' are in its result): for the roll-up. */
function keepSubRun(calls: Map<string, string>, ctx: RunContext, event: EventOf<"run-end">): void {
  const toolUseId = calls.get(event.runId);
  if (toolUseId !== undefined) ctx.subRuns.push({ toolUseId, result: event.result });
}
