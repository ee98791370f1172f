import { randomUUID } from "node:crypto";
import type { JsonObject, ModelTurn, Usage } from "../models/model-turn.js";

/** The identifiers every Nova Sonic output event of one completion carries. */
export interface CompletionIds {
  sessionId: string;
  promptName: string;
  completionId: string;
}

/** One output event, `{"event": {<name>: {...}}}`, as sent base64-encoded in a `chunk`. */
export type NovaOutputEvent = { event: Record<string, JsonObject> };

const FINAL_STAGE = JSON.stringify({ generationStage: "FINAL" });

export function completionStart(ids: CompletionIds): NovaOutputEvent {
  return { event: { completionStart: { ...ids } } };
}

export function completionEnd(ids: CompletionIds): NovaOutputEvent {
  return { event: { completionEnd: { ...ids, stopReason: "END_TURN" } } };
}

/**
 * A scripted turn as Nova Sonic's output events: each text block in a TEXT content of role ASSISTANT (its
 * text in `textOutput` pieces of the turn's chunk size), each tool use in a TOOL content with one `toolUse`,
 * then a `usageEvent` with the turn's tokens and the session's running totals. Reasoning blocks have no
 * Nova Sonic form and are left out.
 */
export function renderNovaTurn(turn: ModelTurn, ids: CompletionIds, totals: Usage): NovaOutputEvent[] {
  const events: NovaOutputEvent[] = [];
  const blocks = turn.content.filter(
    (block) => block.kind === "text" || block.kind === "cited-text" || block.kind === "tool-use",
  );
  blocks.forEach((block, index) => {
    const contentId = randomUUID();
    const last = index === blocks.length - 1;
    if (block.kind === "tool-use") {
      events.push(
        contentStartEvent(ids, contentId, {
          type: "TOOL",
          role: "TOOL",
          toolUseOutputConfiguration: { mediaType: "application/json" },
        }),
        {
          event: {
            toolUse: {
              ...ids,
              contentId,
              content: block.rawInput ?? JSON.stringify(block.input ?? {}),
              toolName: block.name,
              toolUseId: block.toolUseId,
            },
          },
        },
        { event: { contentEnd: { ...ids, contentId, stopReason: "TOOL_USE", type: "TOOL" } } },
      );
      return;
    }
    if (block.kind !== "text" && block.kind !== "cited-text") return;
    events.push(
      contentStartEvent(ids, contentId, {
        type: "TEXT",
        role: "ASSISTANT",
        additionalModelFields: FINAL_STAGE,
        textOutputConfiguration: { mediaType: "text/plain" },
      }),
    );
    for (const piece of pieces(block.text, turn.pacing.chunkSize))
      events.push({ event: { textOutput: { ...ids, contentId, content: piece, role: "ASSISTANT" } } });
    events.push({
      event: {
        contentEnd: { ...ids, contentId, stopReason: last ? "END_TURN" : "PARTIAL_TURN", type: "TEXT" },
      },
    });
  });
  events.push(usageEvent(ids, turn.usage, totals));
  return events;
}

function contentStartEvent(ids: CompletionIds, contentId: string, fields: JsonObject): NovaOutputEvent {
  return { event: { contentStart: { ...ids, contentId, ...fields } } };
}

/** Nova Sonic reports speech and text tokens apart; a scripted turn has text only. */
function usageEvent(ids: CompletionIds, delta: Usage, totals: Usage): NovaOutputEvent {
  const split = (input: number, output: number) => ({
    input: { speechTokens: 0, textTokens: input },
    output: { speechTokens: 0, textTokens: output },
  });
  return {
    event: {
      usageEvent: {
        ...ids,
        details: {
          delta: split(delta.inputTokens, delta.outputTokens),
          total: split(totals.inputTokens, totals.outputTokens),
        },
        totalInputTokens: totals.inputTokens,
        totalOutputTokens: totals.outputTokens,
        totalTokens: totals.inputTokens + totals.outputTokens,
      },
    },
  };
}

function pieces(text: string, size: number): string[] {
  if (text.length === 0) return [""];
  const step = Math.max(1, size);
  const result: string[] = [];
  for (let start = 0; start < text.length; start += step) result.push(text.slice(start, start + step));
  return result;
}
