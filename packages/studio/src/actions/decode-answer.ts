import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { ModelStopReason, StepUsage } from "@lode/core";
import type { RecordedAnswer } from "./answer-events.js";
import type { RecordedEvent } from "./recording-file.js";

/** A JSON object read field by field (events, bodies, deltas). */
// biome-ignore lint/suspicious/noExplicitAny: recorded JSON is read field by field, each read checked.
type Fields = Record<string, any>;

type PartialBlock =
  | { kind: "text"; text: string; citations: unknown[] }
  | { kind: "reasoning"; text: string; signature?: string; redacted?: string }
  | { kind: "tool-use"; toolUseId: string; name: string; type?: string; json: string }
  | { kind: "other"; start: unknown; deltas: unknown[] };

/** A ConverseStream answer read back from its events: the message (blocks by index), stop reason, usage. */
export function decodeStreamAnswer(events: RecordedEvent[]): RecordedAnswer {
  const blocks = new Map<number, PartialBlock>();
  let role: Message["role"] = "assistant";
  let stopReason: ModelStopReason = "end_turn";
  let usage: StepUsage = emptyUsage();
  for (const { headers, payload } of events) {
    const data = payload as Fields;
    const index = Number(data.contentBlockIndex ?? 0);
    switch (headers[":event-type"]) {
      case "messageStart":
        role = data.role ?? role;
        break;
      case "contentBlockStart":
        if (data.start?.toolUse) blocks.set(index, { kind: "tool-use", json: "", ...data.start.toolUse });
        else blocks.set(index, { kind: "other", start: data.start, deltas: [] });
        break;
      case "contentBlockDelta":
        addDelta(blocks, index, data.delta ?? {});
        break;
      case "messageStop":
        stopReason = data.stopReason ?? stopReason;
        break;
      case "metadata":
        usage = toUsage(data.usage, data.metrics?.latencyMs);
        break;
    }
  }
  const content = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => toBlock(block));
  return { message: { role, content }, stopReason, usage };
}

/** A Converse answer read from its JSON body. */
export function decodeConverseAnswer(body: Fields): RecordedAnswer {
  return {
    message: body.output?.message ?? { role: "assistant", content: [] },
    stopReason: body.stopReason ?? "end_turn",
    usage: toUsage(body.usage, body.metrics?.latencyMs),
  };
}

function addDelta(blocks: Map<number, PartialBlock>, index: number, delta: Fields): void {
  const block = blocks.get(index);
  if (delta.text !== undefined || delta.citation) {
    const text =
      block?.kind === "text" ? block : { kind: "text" as const, text: "", citations: [] as unknown[] };
    blocks.set(index, text);
    if (delta.text !== undefined) text.text += delta.text;
    if (delta.citation) text.citations.push(delta.citation);
  } else if (delta.reasoningContent) {
    const reasoning: Extract<PartialBlock, { kind: "reasoning" }> =
      block?.kind === "reasoning" ? block : { kind: "reasoning", text: "" };
    blocks.set(index, reasoning);
    const part = delta.reasoningContent;
    if (part.text !== undefined) reasoning.text += part.text;
    if (part.signature !== undefined) reasoning.signature = part.signature;
    if (part.redactedContent !== undefined) reasoning.redacted = part.redactedContent;
  } else if (delta.toolUse && block?.kind === "tool-use") block.json += delta.toolUse.input ?? "";
  else if (block?.kind === "other") block.deltas.push(delta);
  else blocks.set(index, { kind: "other", start: undefined, deltas: [delta] });
}

function toBlock(block: PartialBlock): ContentBlock {
  switch (block.kind) {
    case "text":
      return block.citations.length > 0
        ? ({
            citationsContent: { content: [{ text: block.text }], citations: block.citations },
          } as ContentBlock)
        : { text: block.text };
    case "reasoning":
      return block.redacted !== undefined
        ? { reasoningContent: { redactedContent: Buffer.from(block.redacted, "base64") } }
        : {
            reasoningContent: {
              reasoningText: { text: block.text, ...(block.signature ? { signature: block.signature } : {}) },
            },
          };
    case "tool-use":
      return {
        toolUse: {
          toolUseId: block.toolUseId,
          name: block.name,
          input: parseInput(block.json),
          ...(block.type ? { type: block.type } : {}),
        },
      } as ContentBlock;
    case "other":
      // Server tool results, images: kept as they came, for the page to show.
      return { $unknown: ["other", { start: block.start, deltas: block.deltas }] } as ContentBlock;
  }
}

function parseInput(json: string): unknown {
  if (json === "") return {};
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function toUsage(usage: Fields | undefined, latencyMs: unknown): StepUsage {
  const details: Fields[] = Array.isArray(usage?.cacheDetails) ? usage.cacheDetails : [];
  return {
    inputTokens: Number(usage?.inputTokens ?? 0),
    outputTokens: Number(usage?.outputTokens ?? 0),
    totalTokens: Number(usage?.totalTokens ?? 0),
    cacheReadInputTokens: Number(usage?.cacheReadInputTokens ?? 0),
    cacheWriteInputTokens: Number(usage?.cacheWriteInputTokens ?? 0),
    latencyMs: Number(latencyMs ?? 0),
    ...(details.length > 0
      ? {
          cacheWriteInputTokensByTtl: Object.fromEntries(
            details.map((detail) => [detail.ttl, Number(detail.inputTokens ?? 0)]),
          ),
        }
      : {}),
  };
}

function emptyUsage(): StepUsage {
  return toUsage(undefined, 0);
}
