import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ApprovalRequest } from "../contracts/approval.js";
import type { Cost, ModelPrice } from "../contracts/cost.js";
import type {
  GuardrailIntervention,
  ModelGuardrailIntervention,
} from "../contracts/guardrail-intervention.js";
import type { RunResult, RunStopReason, StepResult, ToolCallRecord } from "../contracts/run-result.js";
import type { RunProgress } from "../contracts/stop-condition.js";
import { textOf } from "../messages/text-of.js";
import type { ModelCallResult } from "../model/call-model-with-retry.js";
import { addCost, priceUsage } from "../model/price-usage.js";
import { addUsage, emptyUsage } from "../model/step-usage.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import { rolledUp, usageByAgent, withSubRunCalls } from "./roll-up.js";
import type { RunContext } from "./run-context.js";
import type { Transcript } from "./transcript.js";

/** What a run has done so far: its steps, their usage, the guardrails' interventions. */
export class RunTally {
  readonly steps: StepResult[] = [];
  private usage = emptyUsage();
  private cost: Cost | undefined;
  private readonly interventions: GuardrailIntervention[] = [];
  private lastModelIntervention: ModelGuardrailIntervention | undefined;
  private readonly startedAt = performance.now();

  /** Whether any agent of the run has a price for its model (the run then has a cost, if only zero). */
  private priced: boolean;

  /** `price`: the entry agent's model's, from its price table, when it has one. */
  constructor(price: ModelPrice | undefined) {
    this.priced = price !== undefined;
  }

  /**
   * Records a model step of the agent speaking (at its model's price; a handoff changes both) and returns
   * its record, whose tool calls the loop fills in.
   */
  addStep(
    step: number,
    outcome: ModelCallResult,
    agent: Pick<RunContext, "price" | "agentPath">,
  ): StepResult {
    this.usage = addUsage(this.usage, outcome.spent);
    const price = agent.price;
    if (price) this.priced = true;
    const cost = price && priceUsage(outcome.spent, price);
    if (cost) this.cost = this.cost ? addCost(this.cost, cost) : cost;
    const record: StepResult = {
      step,
      message: outcome.message,
      stopReason: outcome.stopReason,
      usage: outcome.usage,
      ...(outcome.serviceTier ? { serviceTier: outcome.serviceTier } : {}),
      toolCalls: [],
      agentPath: agent.agentPath,
      retries: outcome.retries,
      cost,
    };
    this.steps.push(record);
    return record;
  }

  /** Takes the steps a resumed run had taken, with their usage and cost. */
  restore(steps: readonly StepResult[]): void {
    for (const step of steps) {
      this.steps.push(step);
      this.usage = addUsage(this.usage, step.usage);
      if (step.cost) this.cost = this.cost ? addCost(this.cost, step.cost) : step.cost;
    }
  }

  addInterventions(...interventions: GuardrailIntervention[]): void {
    this.interventions.push(...interventions);
    for (const intervention of interventions)
      if (intervention.origin === "model") this.lastModelIntervention = intervention;
  }

  /** What stop conditions see. */
  progress(): RunProgress {
    return { steps: this.steps, usage: this.usage, elapsedMs: performance.now() - this.startedAt };
  }

  result(
    ctx: RunContext,
    transcript: Transcript,
    stopReason: RunStopReason,
    output: unknown,
    pendingApprovals: ApprovalRequest[],
  ): RunResult<unknown> {
    const last = this.steps.at(-1);
    const steps = ctx.resumedCalls ? [this.resumedStep(ctx.resumedCalls), ...this.steps] : this.steps;
    const own = { usage: this.usage, cost: this.cost ?? (this.priced ? zeroCost() : undefined) };
    const { usage, cost } = rolledUp(own, ctx.subRuns);
    return {
      runId: ctx.runId,
      sessionId: ctx.sessionId,
      // What the user was streamed, even where the history keeps a guardrail's placeholder instead.
      text: last ? finalText(ctx, last, output) : "",
      output,
      // The run's own array: nothing is added to it once the run has its result.
      messages: transcript.messages as Message[],
      stopReason,
      steps,
      usage,
      cost,
      usageByAgent: usageByAgent(steps, ctx.subRuns, ctx.agentPath),
      toolCalls: withSubRunCalls(callsOf(steps), ctx.subRuns),
      guardrail: this.lastModelIntervention,
      guardrailInterventions: this.interventions,
      durationMs: Math.round(performance.now() - this.startedAt),
      // Each named with its agent's path: a sub-agent's call carries its own already.
      pendingApprovals:
        pendingApprovals.length === 0
          ? pendingApprovals
          : pendingApprovals.map((request) =>
              request.agentPath ? request : { ...request, agentPath: ctx.agentPath },
            ),
    };
  }

  /**
   * Step 0 of a run that resumed calls waiting for approval: the paused run's step, which this run finished.
   * Its model call was counted by the run that paused, so it adds no usage or cost here, and stop conditions
   * (which count this run's model calls) never see it.
   */
  private resumedStep({
    message,
    toolCalls,
    agentPath,
  }: NonNullable<RunContext["resumedCalls"]>): StepResult {
    const usage = emptyUsage();
    const cost = this.priced ? zeroCost() : undefined;
    return { step: 0, message, stopReason: "tool_use", usage, toolCalls, agentPath, retries: 0, cost };
  }
}

/** Every step's tool calls, in order (a loop: this runs on every run). */
function callsOf(steps: readonly StepResult[]): ToolCallRecord[] {
  const calls: ToolCallRecord[] = [];
  for (const step of steps) calls.push(...step.toolCalls);
  return calls;
}

/** What a priced run that spent nothing costs. */
function zeroCost(): Cost {
  return priceUsage(emptyUsage(), { input: 0, output: 0 });
}

/**
 * The text of the run's last answer. A structured output given through the output tool is that answer,
 * as JSON text (its input as the model sent it), so `text` holds the answer in both modes: in native mode
 * the model's text is the JSON.
 */
function finalText(ctx: RunContext, last: StepResult, output: unknown): string {
  if (ctx.output?.mode !== "tool" || output === undefined) return textOf(last.message);
  const call = last.toolCalls.find((record) => record.toolName === OUTPUT_TOOL_NAME);
  return call?.status === "success" ? JSON.stringify(call.input) : textOf(last.message);
}
