import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { StepUsage } from "@lode/core";
import type { RecordedEvent } from "../../support/recordings.js";

/** What one streamed model call meant, worked out from the recorded events alone. */
export interface MeantStep {
  message: Message;
  stopReason: string;
  usage: StepUsage;
  additionalModelResponseFields: unknown;
  trace: unknown;
}

/** The members of a recorded event payload read here (the corpus keeps each payload as parsed JSON). */
interface StreamPayload {
  contentBlockIndex?: number;
  start?: {
    toolUse?: { toolUseId: string; name: string; type?: string };
    toolResult?: { toolUseId: string; status?: string; type?: string };
  };
  delta?: {
    text?: string;
    citation?: Record<string, unknown>;
    reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
    toolUse?: { input: string };
    toolResult?: unknown[];
  };
  stopReason?: string;
  additionalModelResponseFields?: unknown;
  usage?: Partial<Omit<StepUsage, "latencyMs">>;
  metrics?: { latencyMs?: number };
  trace?: unknown;
}

interface BlockParts {
  text: string[];
  citations: Record<string, unknown>[];
  reasoning: string[];
  signature: string[];
  redacted: Uint8Array | undefined;
  toolUse: { toolUseId: string; name: string; type?: string } | undefined;
  toolInput: string[];
  toolResult: { toolUseId: string; status?: string; type?: string } | undefined;
  toolResultContent: unknown[];
}

/**
 * The assistant message the recorded events describe, built here independently of Lode: every delta is
 * gathered by `contentBlockIndex`, and each block is then read as the Converse API writes it in a
 * non-streamed response. A text block that received only empty deltas is no block at all.
 */
export function meantStepFromEvents(events: RecordedEvent[]): MeantStep {
  const blocks = new Map<number, BlockParts>();
  const partsOf = (index: number) => {
    let parts = blocks.get(index);
    if (!parts) {
      parts = {
        text: [],
        citations: [],
        reasoning: [],
        signature: [],
        redacted: undefined,
        toolUse: undefined,
        toolInput: [],
        toolResult: undefined,
        toolResultContent: [],
      };
      blocks.set(index, parts);
    }
    return parts;
  };
  let stopReason = "";
  let additionalModelResponseFields: unknown;
  let metadata: StreamPayload = {};

  for (const { headers, payload } of events) {
    const event = payload as StreamPayload;
    const index = event.contentBlockIndex ?? 0;
    switch (headers[":event-type"]) {
      case "contentBlockStart": {
        const parts = partsOf(index);
        const { toolUse, toolResult } = event.start ?? {};
        if (toolUse) parts.toolUse = toolUse;
        if (toolResult) parts.toolResult = toolResult;
        break;
      }
      case "contentBlockDelta": {
        const parts = partsOf(index);
        const delta = event.delta ?? {};
        if (typeof delta.text === "string") parts.text.push(delta.text);
        if (delta.citation) parts.citations.push(delta.citation);
        if (delta.reasoningContent?.text !== undefined) parts.reasoning.push(delta.reasoningContent.text);
        if (delta.reasoningContent?.signature !== undefined)
          parts.signature.push(delta.reasoningContent.signature);
        if (delta.reasoningContent?.redactedContent !== undefined)
          parts.redacted = new Uint8Array(Buffer.from(delta.reasoningContent.redactedContent, "base64"));
        if (delta.toolUse) parts.toolInput.push(delta.toolUse.input);
        if (delta.toolResult) parts.toolResultContent.push(...delta.toolResult);
        break;
      }
      case "messageStop":
        stopReason = event.stopReason ?? "";
        additionalModelResponseFields = event.additionalModelResponseFields;
        break;
      case "metadata":
        metadata = event;
        break;
    }
  }

  const content = [...blocks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, parts]) => blockFromParts(parts))
    .filter((block): block is ContentBlock => block !== undefined);
  const usage = metadata.usage ?? {};
  return {
    message: { role: "assistant", content },
    stopReason,
    usage: {
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
      totalTokens: usage.totalTokens ?? 0,
      cacheReadInputTokens: usage.cacheReadInputTokens ?? 0,
      cacheWriteInputTokens: usage.cacheWriteInputTokens ?? 0,
      latencyMs: metadata.metrics?.latencyMs ?? 0,
    },
    additionalModelResponseFields,
    trace: metadata.trace,
  };
}

function blockFromParts(parts: BlockParts): ContentBlock | undefined {
  if (parts.toolUse) {
    const json = parts.toolInput.join("");
    return {
      toolUse: {
        ...parts.toolUse,
        input: json === "" ? {} : JSON.parse(json),
      },
    } as ContentBlock;
  }
  if (parts.toolResult) {
    return { toolResult: { ...parts.toolResult, content: parts.toolResultContent } } as ContentBlock;
  }
  if (parts.redacted) return { reasoningContent: { redactedContent: parts.redacted } };
  if (parts.reasoning.length > 0 || parts.signature.length > 0) {
    const signature = parts.signature.join("");
    return {
      reasoningContent: {
        reasoningText: { text: parts.reasoning.join(""), ...(signature ? { signature } : {}) },
      },
    };
  }
  const text = parts.text.join("");
  if (parts.citations.length > 0) {
    // The cited text is the block's own text: the Converse API returns it as citationsContent.
    return { citationsContent: { content: [{ text }], citations: parts.citations } } as ContentBlock;
  }
  return text === "" ? undefined : { text };
}
