import type { ContextStrategy } from "@lode/core";
import { MessageTokenCounter, type TokenCounting } from "./count-message-tokens.js";
import { historyFrom, reducedFor, windowStartAtOrAfter } from "./history-window.js";

/** Options of {@link tokenBudget}. */
export interface TokenBudgetOptions {
  /** Tokens the messages of a request hold at most (after a context overflow: half per attempt). */
  maxTokens: number;
  /**
   * `"bedrock"` measures the newest messages with Bedrock's CountTokens through the agent's client, many
   * messages a request (a long session's first request takes one or two; counts are cached per message),
   * falling back to the estimate when CountTokens fails; `"estimate"` counts characters / 4.
   * @default "bedrock"
   */
  countTokens?: TokenCounting;
}

/**
 * Keeps the latest messages that fit `maxTokens`, with the same guarantees as `slidingWindow`: no tool
 * pair split, the latest assistant turn that asked for tools kept whole (even past the budget), and a
 * history that starts with a user message. Only the newest messages are measured: counting stops once
 * they pass the budget, since older ones cannot fit. The system prompt and tool definitions are not
 * counted: leave room for them.
 */
export function tokenBudget(options: TokenBudgetOptions): ContextStrategy {
  const { maxTokens, countTokens = "bedrock" } = options;
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new RangeError("tokenBudget: maxTokens must be a positive integer");
  const counter = new MessageTokenCounter(countTokens);
  return {
    name: "tokenBudget",
    async prepare({ messages, modelId, client, signal, attempt }) {
      const budget = reducedFor(attempt, maxTokens);
      // Counted from the end until past the budget: older messages (undefined) cannot fit anyway.
      const counts = await counter.countNewest(messages, { budget, client, modelId, signal });
      let total = 0;
      let start = messages.length;
      while (start > 0) {
        total += counts[start - 1] ?? Number.POSITIVE_INFINITY;
        if (total > budget) break;
        start--;
      }
      return historyFrom(messages, windowStartAtOrAfter(messages, start));
    },
  };
}
