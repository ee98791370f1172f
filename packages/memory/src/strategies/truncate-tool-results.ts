import type { ContentBlock, Message, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ContextStrategy } from "@lode/core";
import { reducedFor } from "./history-window.js";

/** Options of {@link truncateToolResults}. */
export interface TruncateToolResultsOptions {
  /** Characters a tool result's text (or JSON) keeps at most (after a context overflow: half per attempt). */
  maxChars: number;
}

/**
 * Shortens oversized tool results: a text or JSON block longer than `maxChars` keeps its head and its
 * tail with a marker saying how much was left out between them. Other messages pass unchanged (the same
 * objects), and the stored history is never changed.
 */
export function truncateToolResults(options: TruncateToolResultsOptions): ContextStrategy {
  const { maxChars } = options;
  if (!Number.isInteger(maxChars) || maxChars < 1)
    throw new RangeError("truncateToolResults: maxChars must be a positive integer");
  // The same message truncated the same way is the same object, so later strategies' caches recognise it.
  const truncatedByLimit = new Map<number, WeakMap<Message, Message>>();
  return {
    name: "truncateToolResults",
    async prepare({ messages, attempt }) {
      const limit = reducedFor(attempt, maxChars, 16);
      const cache = truncatedByLimit.get(limit) ?? new WeakMap<Message, Message>();
      truncatedByLimit.set(limit, cache);
      return messages.map((message) => {
        const known = cache.get(message);
        if (known) return known;
        const result = truncateMessage(message, limit);
        cache.set(message, result);
        return result;
      });
    },
  };
}

/**
 * `text` cut to about `maxChars` characters: its head and tail, with a marker between them naming how
 * many characters were left out. Text that fits is returned as is.
 */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.ceil(maxChars / 2);
  const tail = maxChars - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${omitted} characters omitted …]\n${tail > 0 ? text.slice(-tail) : ""}`;
}

function truncateMessage(message: Message, maxChars: number): Message {
  if (message.role !== "user") return message;
  let changed = false;
  const content = (message.content ?? []).map((block): ContentBlock => {
    if (!block.toolResult) return block;
    const resultContent = block.toolResult.content ?? [];
    const truncated = resultContent.map((part) => truncatePart(part, maxChars));
    if (truncated.every((part, index) => part === resultContent[index])) return block;
    changed = true;
    return { toolResult: { ...block.toolResult, content: truncated } };
  });
  return changed ? { ...message, content } : message;
}

function truncatePart(part: ToolResultContentBlock, maxChars: number): ToolResultContentBlock {
  if (part.text !== undefined) {
    const text = truncateMiddle(part.text, maxChars);
    return text === part.text ? part : { text };
  }
  if (part.json !== undefined) {
    const json = JSON.stringify(part.json);
    return json.length <= maxChars ? part : { text: truncateMiddle(json, maxChars) };
  }
  return part;
}
