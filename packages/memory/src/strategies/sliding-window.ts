import type { ContextStrategy } from "@lode/core";
import { historyFrom, reducedFor, windowStartAtOrAfter } from "./history-window.js";

/** Options of {@link slidingWindow}. */
export interface SlidingWindowOptions {
  /** Messages a request carries at most (after a context overflow: half as many per attempt). */
  maxMessages: number;
}

/**
 * Keeps the latest `maxMessages` messages. The window moves forward rather than split a `toolUse` from
 * its `toolResult`; it always keeps the latest assistant turn that asked for tools (reasoning blocks
 * intact) with its results, even past `maxMessages`; and a window that starts with the model's turn gets
 * a one-line marker user message in front, since Bedrock wants the user to speak first.
 */
export function slidingWindow(options: SlidingWindowOptions): ContextStrategy {
  const { maxMessages } = options;
  if (!Number.isInteger(maxMessages) || maxMessages < 1)
    throw new RangeError("slidingWindow: maxMessages must be a positive integer");
  return {
    name: "slidingWindow",
    async prepare({ messages, attempt }) {
      const max = reducedFor(attempt, maxMessages);
      if (messages.length <= max) return [...messages];
      return historyFrom(messages, windowStartAtOrAfter(messages, messages.length - max));
    },
  };
}
