import type { AgentPath } from "../contracts/agent-event.js";
import type { Cost } from "../contracts/cost.js";
import type { AgentUsage, RunResult, StepResult, ToolCallRecord } from "../contracts/run-result.js";
import { addCost } from "../model/price-usage.js";
import { addUsage } from "../model/step-usage.js";

/** A sub-agent's run that ended inside one of this run's tool calls. */
export interface SubRun {
  /** The call of this run that ran it. */
  toolUseId: string;
  result: RunResult<unknown>;
}

/**
 * Usage and cost by agent: this run's steps grouped by the agent that spoke, then each sub-agent's own
 * breakdown (its paths are whole already), merged by path.
 */
export function usageByAgent(
  steps: readonly StepResult[],
  subRuns: readonly SubRun[],
  fallbackPath: AgentPath,
): AgentUsage[] {
  const byPath = new Map<string, AgentUsage>();
  // Step 0 (calls resumed after approval) made no model call of this run.
  // A step restored from a checkpoint written before agent paths has none: it was the entry agent's.
  for (const step of steps)
    if (step.step > 0) addUsageOf(byPath, step.agentPath ?? fallbackPath, 1, step.usage, step.cost);
  for (const { result } of subRuns)
    for (const entry of result.usageByAgent)
      addUsageOf(byPath, entry.agentPath, entry.modelCalls, entry.usage, entry.cost);
  return [...byPath.values()];
}

/** Adds an agent's model calls, usage and cost to its entry (a module function: this runs on every run). */
function addUsageOf(
  byPath: Map<string, AgentUsage>,
  agentPath: AgentPath,
  modelCalls: number,
  usage: AgentUsage["usage"],
  cost: Cost | undefined,
): void {
  const key = agentPath.join("\u0000");
  const entry = byPath.get(key);
  if (!entry) {
    byPath.set(key, { agentPath, modelCalls, usage, cost });
    return;
  }
  entry.modelCalls += modelCalls;
  entry.usage = addUsage(entry.usage, usage);
  entry.cost = sumCost(entry.cost, cost);
}

/** This run's usage and cost with its sub-agents' added. */
export function rolledUp(
  own: { usage: AgentUsage["usage"]; cost: Cost | undefined },
  subRuns: readonly SubRun[],
): { usage: AgentUsage["usage"]; cost: Cost | undefined } {
  let { usage, cost } = own;
  for (const { result } of subRuns) {
    usage = addUsage(usage, result.usage);
    cost = sumCost(cost, result.cost);
  }
  return { usage, cost };
}

/** Every call: this run's, each followed by the calls of the sub-agent runs it ran. */
export function withSubRunCalls(own: ToolCallRecord[], subRuns: readonly SubRun[]): ToolCallRecord[] {
  if (subRuns.length === 0) return own;
  return own.flatMap((record) => [
    record,
    ...subRuns.filter((run) => run.toolUseId === record.toolUseId).flatMap((run) => run.result.toolCalls),
  ]);
}

export function sumCost(a: Cost | undefined, b: Cost | undefined): Cost | undefined {
  if (!a) return b;
  return b ? addCost(a, b) : a;
}
