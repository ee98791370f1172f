import type { StepUsage } from "../contracts/run-result.js";

/** Usage of nothing yet: the start of a run's sums. */
export function emptyUsage(): StepUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    latencyMs: 0,
  };
}

export function addUsage(total: StepUsage, step: StepUsage): StepUsage {
  const byTtl = addByTtl(total.cacheWriteInputTokensByTtl, step.cacheWriteInputTokensByTtl);
  return {
    inputTokens: total.inputTokens + step.inputTokens,
    outputTokens: total.outputTokens + step.outputTokens,
    totalTokens: total.totalTokens + step.totalTokens,
    cacheReadInputTokens: total.cacheReadInputTokens + step.cacheReadInputTokens,
    cacheWriteInputTokens: total.cacheWriteInputTokens + step.cacheWriteInputTokens,
    ...(byTtl ? { cacheWriteInputTokensByTtl: byTtl } : {}),
    latencyMs: total.latencyMs + step.latencyMs,
  };
}

type ByTtl = StepUsage["cacheWriteInputTokensByTtl"];

function addByTtl(a: ByTtl, b: ByTtl): ByTtl {
  if (!a) return b && { ...b };
  if (!b) return { ...a };
  const sum: NonNullable<ByTtl> = { ...a };
  for (const [ttl, tokens] of Object.entries(b) as [keyof NonNullable<ByTtl>, number][])
    sum[ttl] = (sum[ttl] ?? 0) + tokens;
  return sum;
}
