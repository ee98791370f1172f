import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { ModelStopReason, StepUsage } from "@lode/core";
import type { RecordedEvent } from "./recording-file.js";
import { wireJson } from "./wire-json.js";

/** What a recorded step's answer holds: the assistant message, why it stopped, what it used. */
export interface RecordedAnswer {
  message: Message;
  stopReason: ModelStopReason;
  usage: StepUsage;
}

/**
 * The ConverseStream events that deliver `answer` (as Bedrock would stream it, one delta per block): what
 * replay sends back, so the SDK and the loop rebuild the same message. Blocks the studio cannot stream back
 * (images, server tool results) are refused by name.
 */
export function answerEvents(answer: RecordedAnswer): RecordedEvent[] {
  const events: RecordedEvent[] = [event("messageStart", { role: answer.message.role ?? "assistant" })];
  (answer.message.content ?? []).forEach((block, index) => {
    events.push(...blockEvents(block, index), event("contentBlockStop", { contentBlockIndex: index }));
  });
  events.push(event("messageStop", { stopReason: answer.stopReason }));
  events.push(
    event("metadata", { usage: wireUsage(answer.usage), metrics: { latencyMs: answer.usage.latencyMs } }),
  );
  return events;
}

function blockEvents(block: ContentBlock, index: number): RecordedEvent[] {
  const delta = (value: Record<string, unknown>) =>
    event("contentBlockDelta", { contentBlockIndex: index, delta: value });
  if (block.text !== undefined) return [delta({ text: block.text })];
  if (block.toolUse) {
    const { toolUseId, name, input, type } = block.toolUse;
    return [
      event("contentBlockStart", {
        contentBlockIndex: index,
        start: { toolUse: { toolUseId, name, ...(type ? { type } : {}) } },
      }),
      delta({ toolUse: { input: JSON.stringify(input ?? {}) } }),
    ];
  }
  if (block.reasoningContent?.reasoningText) {
    const { text, signature } = block.reasoningContent.reasoningText;
    return [
      delta({ reasoningContent: { text: text ?? "" } }),
      ...(signature ? [delta({ reasoningContent: { signature } })] : []),
    ];
  }
  if (block.reasoningContent?.redactedContent)
    return [
      delta({ reasoningContent: { redactedContent: wireJson(block.reasoningContent.redactedContent) } }),
    ];
  if (block.citationsContent) {
    const texts = (block.citationsContent.content ?? []).map((part) => delta({ text: part.text ?? "" }));
    const citations = (block.citationsContent.citations ?? []).map((citation) =>
      delta({ citation: wireJson(citation) }),
    );
    return [...texts, ...citations];
  }
  throw new Error(
    `This run cannot be replayed: an answer holds content a recording cannot stream back yet (${Object.keys(block).join(", ")}).`,
  );
}

function event(type: string, payload: Record<string, unknown>): RecordedEvent {
  return {
    headers: { ":event-type": type, ":content-type": "application/json", ":message-type": "event" },
    payload,
  };
}

/** Usage as Bedrock sends it: the cache counts only when there were any (as Bedrock leaves them out). */
function wireUsage(usage: StepUsage): Record<string, unknown> {
  const byTtl = Object.entries(usage.cacheWriteInputTokensByTtl ?? {});
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
    ...(usage.cacheReadInputTokens ? { cacheReadInputTokens: usage.cacheReadInputTokens } : {}),
    ...(usage.cacheWriteInputTokens ? { cacheWriteInputTokens: usage.cacheWriteInputTokens } : {}),
    ...(byTtl.length > 0 ? { cacheDetails: byTtl.map(([ttl, inputTokens]) => ({ ttl, inputTokens })) } : {}),
  };
}
