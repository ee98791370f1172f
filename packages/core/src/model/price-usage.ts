import type { Cost, ModelPrice } from "../contracts/cost.js";
import type { StepUsage } from "../contracts/run-result.js";

const PER_MILLION = 1_000_000;

/**
 * The cost of a step's usage at these prices. Bedrock counts cached tokens apart from `inputTokens`, so
 * each kind is priced on its own.
 */
export function priceUsage(usage: StepUsage, price: ModelPrice): Cost {
  const input = (usage.inputTokens * price.input) / PER_MILLION;
  const output = (usage.outputTokens * price.output) / PER_MILLION;
  const cacheRead = (usage.cacheReadInputTokens * (price.cacheRead ?? price.input)) / PER_MILLION;
  const cacheWrite = (usage.cacheWriteInputTokens * (price.cacheWrite ?? price.input)) / PER_MILLION;
  return { total: input + output + cacheRead + cacheWrite, input, output, cacheRead, cacheWrite };
}

/** Two costs added (a run's, step by step). */
export function addCost(total: Cost, step: Cost): Cost {
  return {
    total: total.total + step.total,
    input: total.input + step.input,
    output: total.output + step.output,
    cacheRead: total.cacheRead + step.cacheRead,
    cacheWrite: total.cacheWrite + step.cacheWrite,
  };
}
