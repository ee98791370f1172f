import type {
  Citation,
  CitationsDelta,
  ContentBlock,
  ContentBlockDelta,
  ContentBlockStart,
  ToolResultContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import { IncrementalJsonParser } from "./incremental-json-parser.js";
import { type PartialBlock, toContentBlock } from "./partial-block.js";
import { type AssembledToolUse, parseToolInput } from "./tool-input.js";

/** What a stream event that means nothing to a UI returns: one shared array, not a new empty one each time. */
export const NO_EVENTS: readonly UnstampedEvent[] = Object.freeze([]);

/**
 * Builds the assistant message from ConverseStream events, block by `contentBlockIndex`, and says what each
 * event means to a UI: text (with its citations, the cited text kept), reasoning with its signature,
 * redacted reasoning, generated images (announced whole, at their block's end), tool uses whose JSON input arrives in pieces (each piece read once by an incremental
 * parser for the partial input shown as it forms; the whole input parsed once, at the block's end), and
 * server-side tool results. Blocks may interleave; each event names its index, so order does not matter.
 * Events come out unstamped: the loop's driver adds `runId` and `step`.
 */
export class ContentBlockAssembler {
  private readonly blocks = new Map<number, PartialBlock>();
  /** Client tool uses whose blocks ended, with their index (kept as they end: no sort of every block). */
  private readonly finished: { index: number; use: AssembledToolUse }[] = [];

  /** Each block's id, made once: a template string per delta would be a new string for every event. */
  private readonly ids: string[] = [];

  /**
   * @param step the model step, for the blocks' ids (`"{step}:{index}"`)
   * @param quiet nobody hears this stream's events: its deltas only grow the blocks, and make no events
   *   (nor the partial input shown as a tool's input forms)
   */
  constructor(
    private readonly step: number,
    private readonly quiet = false,
  ) {}

  private idOf(index: number): string {
    this.ids[index] ??= `${this.step}:${index}`;
    return this.ids[index];
  }

  start(index: number, start: ContentBlockStart | undefined): readonly UnstampedEvent[] {
    if (start?.toolUse) {
      const { toolUseId = "", name = "", type } = start.toolUse;
      const partialInput = new IncrementalJsonParser();
      this.blocks.set(index, { kind: "tool-use", toolUseId, name, json: "", partialInput, type });
      return type === "server_tool_use" ? [] : [{ type: "tool-input-start", toolUseId, toolName: name }];
    }
    if (start?.image) {
      this.blocks.set(index, { kind: "image", format: start.image.format ?? "png", pieces: [], done: false });
      return NO_EVENTS;
    }
    if (start?.toolResult) {
      const { toolUseId = "", type, status } = start.toolResult;
      this.blocks.set(index, { kind: "tool-result", toolUseId, type, status, content: [] });
    }
    return NO_EVENTS;
  }

  delta(index: number, delta: ContentBlockDelta | undefined): readonly UnstampedEvent[] {
    if (!delta) return NO_EVENTS;
    const id = this.idOf(index);
    if (delta.text !== undefined) {
      const block = this.textBlock(index);
      if (delta.text === "") return NO_EVENTS;
      block.text += delta.text;
      if (this.quiet) return NO_EVENTS;
      const event: UnstampedEvent = { type: "text-delta", id, text: delta.text };
      if (block.started) return [event];
      block.started = true;
      return [{ type: "text-start", id }, event];
    }
    if (delta.citation) {
      this.textBlock(index).citations.push(toCitation(delta.citation));
      return [{ type: "citation", id, citation: delta.citation }];
    }
    if (delta.reasoningContent) return this.reasoningDelta(index, id, delta.reasoningContent);
    if (delta.toolUse) {
      const block = this.blocks.get(index);
      if (block?.kind !== "tool-use" || block.done) return NO_EVENTS;
      block.json += delta.toolUse.input ?? "";
      if (this.quiet || block.type === "server_tool_use" || !delta.toolUse.input) return NO_EVENTS;
      block.partialInput.feed(delta.toolUse.input);
      return [
        {
          type: "tool-input-delta",
          toolUseId: block.toolUseId,
          delta: delta.toolUse.input,
          partialInput: block.partialInput.value(),
        },
      ];
    }
    if (delta.image) {
      const block = this.blocks.get(index);
      const bytes = delta.image.source?.bytes;
      if (block?.kind === "image" && !block.done && bytes) block.pieces.push(bytes);
      return NO_EVENTS;
    }
    if (delta.toolResult) {
      const block = this.blocks.get(index);
      if (block?.kind === "tool-result")
        block.content.push(...(delta.toolResult as ToolResultContentBlock[]));
    }
    return NO_EVENTS;
  }

  /** A block's `contentBlockStop`: a text or reasoning part ends; a tool use's input is whole, its call announced. */
  stop(index: number): readonly UnstampedEvent[] {
    const block = this.blocks.get(index);
    const id = this.idOf(index);
    if (block?.kind === "text" && block.started) {
      block.started = false;
      return [{ type: "text-end", id }];
    }
    if (block?.kind === "reasoning" && block.started) {
      block.started = false;
      return [{ type: "reasoning-end", id }];
    }
    if (block?.kind === "image" && !block.done) {
      block.done = true;
      // One piece is the usual case; joining copies only when there are several.
      const data = block.pieces.length === 1 ? (block.pieces[0] as Uint8Array) : Buffer.concat(block.pieces);
      block.pieces = [data];
      return [{ type: "image", id, format: block.format, data }];
    }
    if (block?.kind !== "tool-use" || block.done || block.type === "server_tool_use") return NO_EVENTS;
    block.done = parseToolInput(block.toolUseId, block.name, block.json);
    this.finished.push({ index, use: block.done });
    const { toolUseId, toolName, input, rawInput } = block.done;
    return [{ type: "tool-call", toolUseId, toolName, input: input === undefined ? rawInput : input }];
  }

  /** Ends the parts of any block the stream never stopped, so every `*-start` has its `*-end`. */
  finish(): UnstampedEvent[] {
    const events: UnstampedEvent[] = [];
    for (const [index, block] of this.blocks)
      if ((block.kind === "text" || block.kind === "reasoning") && block.started)
        events.push(...this.stop(index));
    return events;
  }

  /** The client tool uses whose blocks ended, in index order, their input parsed once. */
  toolUses(): AssembledToolUse[] {
    // Blocks end in order but for interleaved ones; a step holds a handful of calls at most.
    if (this.finished.length > 1) this.finished.sort(byIndex);
    const uses: AssembledToolUse[] = [];
    for (const item of this.finished) uses.push(item.use);
    return uses;
  }

  /**
   * The assembled content, in index order. Blank text blocks are dropped (Bedrock rejects them when sent
   * back), and so is a client tool use whose block never ended: it could never be answered.
   */
  content(): ContentBlock[] {
    return this.contentOf(keptInAnswer);
  }

  /**
   * What an interrupted stream had shown as text: its text blocks (and citations). Reasoning and tool uses
   * go, since an unfinished one cannot be sent back to Bedrock, and a finished turn needs neither.
   */
  partialText(): ContentBlock[] {
    return this.contentOf(isText);
  }

  /**
   * The blocks `keep` keeps, in index order, as content blocks. A loop with module functions, not callbacks
   * made per call (why: the root README, "Speed").
   */
  private contentOf(keep: (block: PartialBlock) => boolean): ContentBlock[] {
    const indexes = [...this.blocks.keys()];
    // Blocks start in index order but for interleaved ones.
    if (!isAscending(indexes)) indexes.sort(ascending);
    const content: ContentBlock[] = [];
    for (const index of indexes) {
      const block = this.blocks.get(index) as PartialBlock;
      if (!keep(block)) continue;
      const made = toContentBlock(block);
      if (made !== undefined) content.push(made);
    }
    return content;
  }

  private reasoningDelta(
    index: number,
    id: string,
    reasoning: NonNullable<ContentBlockDelta["reasoningContent"]>,
  ): readonly UnstampedEvent[] {
    if (reasoning.redactedContent !== undefined) {
      this.blocks.set(index, { kind: "redacted", data: reasoning.redactedContent });
      return [{ type: "reasoning-redacted", id, data: reasoning.redactedContent }];
    }
    const existing = this.blocks.get(index);
    const block =
      existing?.kind === "reasoning"
        ? existing
        : { kind: "reasoning" as const, text: "", signature: undefined, started: false };
    this.blocks.set(index, block);
    if (reasoning.text) {
      block.text += reasoning.text;
      if (this.quiet) return NO_EVENTS;
      return this.reasoningPart(block, { type: "reasoning-delta", id, text: reasoning.text });
    }
    if (reasoning.signature !== undefined) {
      block.signature = (block.signature ?? "") + reasoning.signature;
      if (this.quiet) return NO_EVENTS;
      return this.reasoningPart(block, { type: "reasoning-signature", id, signature: reasoning.signature });
    }
    return NO_EVENTS;
  }

  /** A reasoning delta's event, after the block's `reasoning-start` when it is the block's first. */
  private reasoningPart(
    block: Extract<PartialBlock, { kind: "reasoning" }>,
    event: UnstampedEvent & { id: string },
  ): readonly UnstampedEvent[] {
    if (block.started) return [event];
    block.started = true;
    return [{ type: "reasoning-start", id: event.id }, event];
  }

  /** The text block at `index`, created when its first delta (text or citation) arrives. */
  private textBlock(index: number): Extract<PartialBlock, { kind: "text" }> {
    const existing = this.blocks.get(index);
    if (existing?.kind === "text") return existing;
    const block = { kind: "text" as const, text: "", citations: [], started: false };
    this.blocks.set(index, block);
    return block;
  }
}

function toCitation(delta: CitationsDelta): Citation {
  return {
    ...(delta.title !== undefined ? { title: delta.title } : {}),
    ...(delta.source !== undefined ? { source: delta.source } : {}),
    ...(delta.sourceContent
      ? { sourceContent: delta.sourceContent.map((part) => ({ text: part.text })) }
      : {}),
    ...(delta.location ? { location: delta.location } : {}),
  } as Citation;
}

/** A block the answer keeps: not a client tool use whose block never ended (it could never be answered). */
function keptInAnswer(block: PartialBlock): boolean {
  return block.kind !== "tool-use" || block.done !== undefined || block.type === "server_tool_use";
}

function isText(block: PartialBlock): boolean {
  return block.kind === "text";
}

function byIndex(a: { index: number }, b: { index: number }): number {
  return a.index - b.index;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function isAscending(numbers: readonly number[]): boolean {
  for (let index = 1; index < numbers.length; index++)
    if ((numbers[index] as number) < (numbers[index - 1] as number)) return false;
  return true;
}
