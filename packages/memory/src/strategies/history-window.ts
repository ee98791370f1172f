import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { isHistoryCut, protectedTailStart, repairHistory } from "@lode/core";

/**
 * The first index at or after `desired` where the history may start: a message that is the model's
 * turn or a user message without tool results, never past the protected tail (the latest assistant
 * turn that asked for tools, with its results), so tool pairs and the latest reasoning stay whole.
 */
export function windowStartAtOrAfter(messages: readonly Message[], desired: number): number {
  const limit = protectedTailStart(messages);
  let start = Math.min(Math.max(desired, 0), limit);
  while (start < limit && !isHistoryCut(messages, start)) start++;
  // Starting at the user's next message needs no marker in front, and keeps the window within its size.
  const next = messages[start + 1];
  if (
    messages[start]?.role === "assistant" &&
    start < limit &&
    next?.role === "user" &&
    isHistoryCut(messages, start + 1)
  )
    return start + 1;
  return start;
}

/**
 * The last index at or before `desired` (and above 0) where the history may be cut, never past the
 * protected tail; 0 when there is none (nothing can be cut off).
 */
export function cutAtOrBefore(messages: readonly Message[], desired: number): number {
  let cut = Math.min(desired, protectedTailStart(messages));
  while (cut > 0 && !isHistoryCut(messages, cut)) cut--;
  return Math.max(cut, 0);
}

/** The history from `start` on, made acceptable to Bedrock. */
export function historyFrom(messages: readonly Message[], start: number): Message[] {
  return start <= 0 ? [...messages] : repairHistory(messages.slice(start));
}

/** `value` halved once per overflow attempt, never below `floor`. */
export function reducedFor(attempt: number, value: number, floor = 1): number {
  return Math.max(floor, Math.floor(value / 2 ** attempt));
}
