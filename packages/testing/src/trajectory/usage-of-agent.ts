import type { RunResult, StepUsage } from "@lode/core";
import { type AgentSelector, matchesAgent } from "./agent-path-match.js";

type Count =
  | "inputTokens"
  | "outputTokens"
  | "totalTokens"
  | "cacheReadInputTokens"
  | "cacheWriteInputTokens";
const COUNTS: readonly Count[] = [
  "inputTokens",
  "outputTokens",
  "totalTokens",
  "cacheReadInputTokens",
  "cacheWriteInputTokens",
];

/**
 * What one agent of a run spent, from `result.usageByAgent`: the entries of the agent `selector` means,
 * added up (a name may be met by several paths, e.g. a sub-agent called by two agents). A sub-agent's usage
 * includes its own sub-agents'. Undefined when no such agent made a model call.
 */
export function usageOfAgent(result: RunResult<unknown>, selector: AgentSelector): StepUsage | undefined {
  const usages = result.usageByAgent
    .filter((entry) => matchesAgent(entry.agentPath, selector))
    .map((entry) => entry.usage);
  const [first, ...rest] = usages;
  if (!first) return undefined;
  const sum: StepUsage = { ...first };
  for (const usage of rest) {
    for (const key of COUNTS) sum[key] += usage[key];
    sum.latencyMs += usage.latencyMs;
    if (!usage.cacheWriteInputTokensByTtl) continue;
    const byTtl = { ...sum.cacheWriteInputTokensByTtl };
    for (const [ttl, tokens] of Object.entries(usage.cacheWriteInputTokensByTtl) as [
      keyof typeof byTtl,
      number,
    ][])
      byTtl[ttl] = (byTtl[ttl] ?? 0) + tokens;
    sum.cacheWriteInputTokensByTtl = byTtl;
  }
  return sum;
}
