import { type ContentBlock, ConverseCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import { type ContextStrategy, LodeError } from "@lode/core";
import { cutAtOrBefore, reducedFor } from "./history-window.js";
import { messagesHash } from "./message-hash.js";
import { renderMessage } from "./render-message.js";

/** The first line of the block that carries a summary, so the model can tell it from what the user said. */
export const SUMMARY_HEADER = "[Summary of earlier conversation]";
/** The last line of that block. */
export const SUMMARY_FOOTER = "[End of summary]";

/** The instructions the summarizing model gets unless `prompt` replaces them. */
export const DEFAULT_SUMMARY_PROMPT =
  "You condense conversations between a user and an AI assistant. Summarize the transcript you are " +
  "given so the assistant can continue the conversation without it: keep the user's goals, facts, " +
  "decisions, names, numbers, tool results that still matter and open questions. Write plain prose, " +
  "no preamble.";

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Latest messages kept as they are (after a context overflow: half as many per attempt). */
  keepRecent: number;
  /** The model that writes summaries. @default the agent's model */
  modelId?: string;
  /** The summarizing model's instructions. @default DEFAULT_SUMMARY_PROMPT */
  prompt?: string;
  /** The summary's `maxTokens`. @default 1024 */
  maxSummaryTokens?: number;
  /** Summaries remembered (by a hash of the messages they condense). @default 64 */
  cacheSize?: number;
}

/**
 * Condenses all but the latest `keepRecent` to `2 × keepRecent` messages with a model call (`Converse` through the agent's
 * client) and sends the summary in their place, as a block at the start of the first user message that
 * opens with {@link SUMMARY_HEADER} and ends with {@link SUMMARY_FOOTER}. The cut never splits a tool
 * pair nor the latest assistant turn that asked for tools. The cut moves `keepRecent` messages at a
 * time and a summary is cached by the hash of the messages it condenses, so successive requests reuse it.
 */
export function summarize(options: SummarizeOptions): ContextStrategy {
  const { keepRecent, prompt = DEFAULT_SUMMARY_PROMPT, maxSummaryTokens = 1024, cacheSize = 64 } = options;
  if (!Number.isInteger(keepRecent) || keepRecent < 1)
    throw new RangeError("summarize: keepRecent must be a positive integer");
  const cache = new Map<string, string>();
  return {
    name: "summarize",
    async prepare({ messages, modelId, client, signal, attempt }) {
      const keep = reducedFor(attempt, keepRecent);
      if (messages.length <= keep) return [...messages];
      // The cut advances `keep` messages at a time, so successive requests share a prefix and its summary.
      const cut = cutAtOrBefore(messages, Math.floor((messages.length - keep) / keep) * keep);
      if (cut <= 0) return [...messages];
      const condensed = messages.slice(0, cut);
      const summaryModel = options.modelId ?? modelId;
      const key = `${summaryModel}\u0000${messagesHash(condensed)}`;
      let summary = cache.get(key);
      if (summary === undefined) {
        const response = await client.send(
          new ConverseCommand({
            modelId: summaryModel,
            system: [{ text: prompt }],
            messages: [{ role: "user", content: [{ text: transcriptOf(condensed) }] }],
            inferenceConfig: { maxTokens: maxSummaryTokens },
          }),
          { abortSignal: signal },
        );
        summary = (response.output?.message?.content ?? [])
          .map((block) => block.text ?? "")
          .join("")
          .trim();
        if (summary === "") throw new LodeError("model-error", "The summarizing model returned no text.");
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(key, summary);
      } else {
        // Most recently used last, so the oldest entry is the one evicted.
        cache.delete(key);
        cache.set(key, summary);
      }
      return withSummary(summary, messages.slice(cut));
    },
  };
}

/** The block that carries a summary. */
export function summaryBlock(summary: string): ContentBlock {
  return { text: `${SUMMARY_HEADER}\n${summary}\n${SUMMARY_FOOTER}` };
}

function withSummary(summary: string, kept: Message[]): Message[] {
  const [first, ...rest] = kept;
  if (first?.role === "user") {
    return [{ ...first, content: [summaryBlock(summary), ...(first.content ?? [])] }, ...rest];
  }
  return [{ role: "user", content: [summaryBlock(summary)] }, ...kept];
}

function transcriptOf(messages: readonly Message[]): string {
  const lines = messages.map((message) => renderMessage(message).text);
  return `Summarize this conversation:\n\n${lines.join("\n\n")}`;
}
