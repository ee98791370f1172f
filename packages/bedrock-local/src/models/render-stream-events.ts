import type { JsonObject, ModelTurn, TurnBlock } from "./model-turn.js";
import { echoed } from "./render-converse-output.js";

/** One ConverseStream event before framing: its `:event-type` and payload (without `p`). */
export interface StreamEvent {
  type:
    | "messageStart"
    | "contentBlockStart"
    | "contentBlockDelta"
    | "contentBlockStop"
    | "messageStop"
    | "metadata";
  payload: JsonObject;
}

/**
 * The events of a ConverseStream answer, in Bedrock's order: `messageStart`, then per block an optional
 * `contentBlockStart` (tool uses and images only: text and reasoning blocks begin with a delta), its deltas and
 * `contentBlockStop`, then `messageStop`, and `metadata` last. `metadata` is produced by `metadataEvent`
 * once the latency is known.
 */
export function renderStreamEvents(turn: ModelTurn): StreamEvent[] {
  const events: StreamEvent[] = [{ type: "messageStart", payload: { role: "assistant" } }];
  turn.content.forEach((block, contentBlockIndex) => {
    const start = blockStart(block);
    if (start) events.push({ type: "contentBlockStart", payload: { contentBlockIndex, start } });
    for (const delta of blockDeltas(block, turn.pacing.chunkSize)) {
      events.push({ type: "contentBlockDelta", payload: { contentBlockIndex, delta } });
    }
    events.push({ type: "contentBlockStop", payload: { contentBlockIndex } });
  });
  events.push({
    type: "messageStop",
    payload: {
      ...(turn.additionalModelResponseFields
        ? { additionalModelResponseFields: turn.additionalModelResponseFields }
        : {}),
      stopReason: turn.stopReason,
    },
  });
  return events;
}

/** What a ConverseStream sends: its events in order, then `metadata`, built once the latency is known. */
export interface StreamPlan {
  events: Iterable<StreamEvent>;
  metadata(latencyMs: number): StreamEvent;
}

/** The plan for sending a turn as it is. */
export function streamPlan(turn: ModelTurn): StreamPlan {
  return { events: renderStreamEvents(turn), metadata: (latencyMs) => metadataEvent(turn, latencyMs) };
}

/** The closing `metadata` event: usage, metrics and (when a guardrail traced) the trace. */
export function metadataEvent(turn: ModelTurn, latencyMs: number): StreamEvent {
  return {
    type: "metadata",
    payload: {
      metrics: { latencyMs },
      ...echoed(turn),
      ...(turn.trace ? { trace: turn.trace } : {}),
      usage: turn.usage,
    },
  };
}

function blockStart(block: TurnBlock): JsonObject | undefined {
  if (block.kind === "image") return { image: { format: block.format } };
  if (block.kind !== "tool-use") return undefined;
  return {
    toolUse: { name: block.name, toolUseId: block.toolUseId, ...(block.type ? { type: block.type } : {}) },
  };
}

function blockDeltas(block: TurnBlock, chunkSize: number): JsonObject[] {
  switch (block.kind) {
    case "text":
      return chunk(block.text, chunkSize).map((text) => ({ text }));
    case "cited-text":
      return [
        ...block.citations.map((citation) => ({ citation })),
        ...chunk(block.text, chunkSize).map((text) => ({ text })),
      ];
    case "reasoning":
      return [
        ...chunk(block.text, chunkSize).map((text) => ({ reasoningContent: { text } })),
        ...(block.signature === undefined ? [] : [{ reasoningContent: { signature: block.signature } }]),
      ];
    case "redacted-reasoning":
      return [{ reasoningContent: { redactedContent: block.data } }];
    case "image":
      // Whole base64 quanta per delta, so every piece decodes on its own.
      return chunk(block.bytes, Math.max(4, Math.floor(chunkSize / 4) * 4 * 16)).map((bytes) => ({
        image: { source: { bytes } },
      }));
    case "audio":
      throw new TypeError(
        "ConverseStream has no audio events: a scripted turn with audio answers Converse only.",
      );
    case "tool-use":
      // Claude's first tool-input delta is the empty string; clients must cope, so we send it too.
      return ["", ...chunk(block.rawInput ?? JSON.stringify(block.input ?? {}), chunkSize)].map((input) => ({
        toolUse: { input },
      }));
  }
}

/** Splits text into pieces of at most `size` characters (by code point); empty text is one empty piece. */
export function chunk(text: string, size: number): string[] {
  if (text.length === 0) return [""];
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < codePoints.length; i += Math.max(1, size))
    pieces.push(codePoints.slice(i, i + size).join(""));
  return pieces;
}
