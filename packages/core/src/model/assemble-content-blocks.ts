import type {
  Citation,
  CitationsDelta,
  ContentBlock,
  ContentBlockDelta,
  ContentBlockStart,
  ToolResultContentBlock,
  ToolUseBlock,
  ToolUseType,
} from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "../contracts/agent-event.js";
import { parsePartialJson } from "./partial-json.js";

/** What a content-block event means to a UI: the events the assembler produces. */
export type BlockEvent = Extract<
  AgentEvent,
  {
    type:
      | "text-delta"
      | "reasoning-delta"
      | "reasoning-signature"
      | "reasoning-redacted"
      | "citation"
      | "tool-input-start"
      | "tool-input-delta";
  }
>;

type PartialBlock =
  | { kind: "text"; text: string; citations: Citation[] }
  | { kind: "reasoning"; text: string; signature: string | undefined }
  | { kind: "redacted"; data: Uint8Array }
  | { kind: "tool-use"; toolUseId: string; name: string; json: string; type: ToolUseType | undefined }
  | {
      kind: "tool-result";
      toolUseId: string;
      type: string | undefined;
      status: string | undefined;
      content: ToolResultContentBlock[];
    };

/**
 * Builds the assistant message from ConverseStream events, block by `contentBlockIndex`: text (with its
 * citations, the cited text kept), reasoning with its signature, redacted reasoning, tool uses whose
 * JSON input arrives in pieces, and server-side tool results. Blocks may interleave; each event names
 * its index, so order of arrival does not matter.
 */
export class ContentBlockAssembler {
  private readonly blocks = new Map<number, PartialBlock>();

  constructor(
    private readonly runId: string,
    private readonly step: number,
  ) {}

  start(index: number, start: ContentBlockStart | undefined): BlockEvent[] {
    if (start?.toolUse) {
      const { toolUseId = "", name = "", type } = start.toolUse;
      this.blocks.set(index, { kind: "tool-use", toolUseId, name, json: "", type });
      return type === "server_tool_use"
        ? []
        : [{ type: "tool-input-start", runId: this.runId, step: this.step, toolUseId, toolName: name }];
    }
    if (start?.toolResult) {
      const { toolUseId = "", type, status } = start.toolResult;
      this.blocks.set(index, { kind: "tool-result", toolUseId, type, status, content: [] });
    }
    return [];
  }

  delta(index: number, delta: ContentBlockDelta | undefined): BlockEvent[] {
    if (!delta) return [];
    const id = `${this.step}:${index}`;
    if (delta.text !== undefined) {
      const block = this.blockOf(index, "text", () => ({ kind: "text", text: "", citations: [] }));
      block.text += delta.text;
      return delta.text === ""
        ? []
        : [{ type: "text-delta", runId: this.runId, step: this.step, id, text: delta.text }];
    }
    if (delta.citation) {
      const block = this.blockOf(index, "text", () => ({ kind: "text", text: "", citations: [] }));
      block.citations.push(toCitation(delta.citation));
      return [{ type: "citation", runId: this.runId, step: this.step, id, citation: delta.citation }];
    }
    if (delta.reasoningContent) {
      const reasoning = delta.reasoningContent;
      if (reasoning.redactedContent !== undefined) {
        this.blocks.set(index, { kind: "redacted", data: reasoning.redactedContent });
        return [
          {
            type: "reasoning-redacted",
            runId: this.runId,
            step: this.step,
            id,
            data: reasoning.redactedContent,
          },
        ];
      }
      const block = this.blockOf(index, "reasoning", () => ({
        kind: "reasoning",
        text: "",
        signature: undefined,
      }));
      if (reasoning.text !== undefined) {
        block.text += reasoning.text;
        return reasoning.text === ""
          ? []
          : [{ type: "reasoning-delta", runId: this.runId, step: this.step, id, text: reasoning.text }];
      }
      if (reasoning.signature !== undefined) {
        block.signature = (block.signature ?? "") + reasoning.signature;
        return [
          {
            type: "reasoning-signature",
            runId: this.runId,
            step: this.step,
            id,
            signature: reasoning.signature,
          },
        ];
      }
      return [];
    }
    if (delta.toolUse) {
      const block = this.blocks.get(index);
      if (block?.kind !== "tool-use") return [];
      block.json += delta.toolUse.input ?? "";
      if (block.type === "server_tool_use" || !delta.toolUse.input) return [];
      return [
        {
          type: "tool-input-delta",
          runId: this.runId,
          step: this.step,
          toolUseId: block.toolUseId,
          delta: delta.toolUse.input,
          partialInput: parsePartialJson(block.json),
        },
      ];
    }
    if (delta.toolResult) {
      const block = this.blocks.get(index);
      if (block?.kind === "tool-result")
        block.content.push(...(delta.toolResult as ToolResultContentBlock[]));
    }
    return [];
  }

  /** The block at `index`, created by `create` when the first delta of a text or reasoning block arrives. */
  private blockOf<K extends keyof BlockByKind>(
    index: number,
    kind: K,
    create: () => BlockByKind[K],
  ): BlockByKind[K] {
    const existing = this.blocks.get(index);
    if (existing?.kind === kind) return existing as BlockByKind[K];
    const block = create();
    this.blocks.set(index, block);
    return block;
  }

  /** The raw JSON text of each client tool use, by id: kept to tell the model when it was not valid JSON. */
  rawToolInputs(): Map<string, string> {
    const raw = new Map<string, string>();
    for (const block of this.blocks.values())
      if (block.kind === "tool-use") raw.set(block.toolUseId, block.json);
    return raw;
  }

  /** The assembled content, in index order. Blank text blocks are dropped: Bedrock rejects them when sent back. */
  content(): ContentBlock[] {
    return [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, block]) => toContentBlock(block))
      .filter((block): block is ContentBlock => block !== undefined);
  }
}

function toContentBlock(block: PartialBlock): ContentBlock | undefined {
  switch (block.kind) {
    case "text":
      if (block.citations.length > 0) {
        return { citationsContent: { content: [{ text: block.text }], citations: block.citations } };
      }
      return block.text.trim() === "" ? undefined : { text: block.text };
    case "reasoning":
      // An unsigned block (gpt-oss) has no signature key at all, as in a non-streamed Converse answer.
      return {
        reasoningContent: {
          reasoningText: {
            text: block.text,
            ...(block.signature !== undefined ? { signature: block.signature } : {}),
          },
        },
      };
    case "redacted":
      return { reasoningContent: { redactedContent: block.data } };
    case "tool-use":
      return {
        toolUse: {
          toolUseId: block.toolUseId,
          name: block.name,
          input: parseToolInput(block.json) as ToolUseBlock["input"],
          ...(block.type ? { type: block.type } : {}),
        },
      };
    case "tool-result":
      return {
        toolResult: {
          toolUseId: block.toolUseId,
          content: block.content,
          ...(block.status ? { status: block.status as "success" | "error" } : {}),
          ...(block.type ? { type: block.type } : {}),
        },
      } as ContentBlock;
  }
}

/**
 * A tool use's input as sent back to Bedrock: the parsed JSON object. Input that is not valid JSON cannot
 * go back as it came (Bedrock wants a JSON object), so history keeps `{}` and the raw text travels in
 * `rawToolInput` for the error result that tells the model what went wrong.
 */
function parseToolInput(json: string): Record<string, unknown> {
  const parsed = tryParseJson(json);
  return parsed !== undefined && typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

export function tryParseJson(json: string): unknown {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
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

interface BlockByKind {
  text: Extract<PartialBlock, { kind: "text" }>;
  reasoning: Extract<PartialBlock, { kind: "reasoning" }>;
}
