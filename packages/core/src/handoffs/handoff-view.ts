import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import { repairHistory } from "../memory/repair-history.js";
import type { HandoffInputFilter } from "./handoff-target.js";

/**
 * What the agent speaking sees of the conversation from before it took over: the messages before the
 * transfer call (`since`, an index into the session's whole history) pass through the handoff's input
 * filter; and when the model changed, no reasoning block from before the switch (the transfer call's
 * included) is sent. Bedrock binds a reasoning signature to the model that made it: a Claude model refuses
 * another model's thinking block ("Invalid `signature` in `thinking` block"), Nova refuses reasoning played
 * back to it. bedrock-local refuses both the same way.
 */
export interface HandoffView {
  /** The agent that took over. */
  agent: string;
  /** The agent that handed over (whose handoff entry holds the input filter). */
  from: string;
  /** The index, in the session's whole history, of the assistant message that made the transfer call. */
  since: number;
  /** Whether the model changed: reasoning blocks up to the transfer call are left out of requests. */
  dropReasoning: boolean;
}

/** The history one request of the speaking agent carries, per its view; the history given is not changed. */
export async function applyHandoffView(
  view: HandoffView,
  filter: HandoffInputFilter | undefined,
  history: readonly Message[],
): Promise<Message[]> {
  const since = Math.min(view.since, history.length);
  let before = history.slice(0, since);
  let transfer = history.slice(since, since + 1);
  if (view.dropReasoning) {
    before = withoutReasoning(before);
    transfer = withoutReasoning(transfer);
  }
  if (filter) before = await filter(before);
  return repairHistory([...before, ...transfer, ...history.slice(since + 1)]);
}

/** Messages without their reasoning blocks; an assistant message left with nothing is left out. */
export function withoutReasoning(messages: readonly Message[]): Message[] {
  const kept: Message[] = [];
  for (const message of messages) {
    const content = message.content ?? [];
    if (!content.some(isReasoning)) {
      kept.push(message);
      continue;
    }
    const rest = content.filter((block) => !isReasoning(block));
    if (rest.length > 0) kept.push({ ...message, content: rest });
  }
  return kept;
}

/**
 * An input filter that leaves out every tool call and its result from before the handoff (what the
 * previous agent looked up stays its own); messages left with nothing are dropped.
 */
export const dropToolCalls: HandoffInputFilter = (history) =>
  history.flatMap((message) => {
    const content = (message.content ?? []).filter((block) => !block.toolUse && !block.toolResult);
    return content.length > 0 ? [{ ...message, content }] : [];
  });

function isReasoning(block: ContentBlock): boolean {
  return block.reasoningContent !== undefined;
}
