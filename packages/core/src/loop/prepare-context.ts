import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { applyHandoffView, withoutReasoning } from "../handoffs/handoff-view.js";
import { repairHistory } from "../memory/repair-history.js";
import { refusesReasoningReplay } from "../model/reasoning-replay.js";
import type { RunContext } from "./run-context.js";

/**
 * Requests one step may send when the model reports a context overflow: the first, then one more per
 * overflow, each prepared by the strategy with a higher `attempt`. Bounded, so the loop always ends.
 */
export const MAX_CONTEXT_ATTEMPTS = 3;

/**
 * The messages of one request: the history as the agent speaking sees it (after a handoff, its view of what
 * came before), without reasoning blocks for a model that refuses them played back, as the run's context
 * strategy prepares it, repaired.
 */
export async function prepareContext(
  ctx: RunContext,
  history: Message[],
  attempt: number,
): Promise<Message[]> {
  // After a handoff, the agent speaking sees the conversation before it as its handoff's view has it.
  const { view, filter } = ctx.handoffs;
  const handed = view ? await applyHandoffView(view, filter, history) : history;
  const seen = refusesReasoningReplay(ctx.modelId) ? withoutReasoning(handed) : handed;
  if (!ctx.context) return seen;
  const prepared = await ctx.context.prepare({
    messages: seen,
    modelId: ctx.modelId,
    client: ctx.client,
    signal: ctx.signal,
    attempt,
  });
  return repairHistory(prepared);
}

/**
 * Whether an overflowed attempt may be tried again with the strategy reducing harder; without a strategy
 * the same request would overflow again.
 */
export function retriesOverflow(ctx: RunContext, attempt: number): boolean {
  return ctx.context !== undefined && attempt + 1 < MAX_CONTEXT_ATTEMPTS;
}
