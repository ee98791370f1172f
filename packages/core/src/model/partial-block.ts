import type {
  Citation,
  ContentBlock,
  ImageFormat,
  ToolResultContentBlock,
  ToolUseBlock,
  ToolUseType,
} from "@aws-sdk/client-bedrock-runtime";
import type { IncrementalJsonParser } from "./incremental-json-parser.js";
import { type AssembledToolUse, parseToolInput } from "./tool-input.js";

/** One content block of a streamed answer as it forms, by kind: what `ContentBlockAssembler` keeps per index. */
export type PartialBlock =
  | { kind: "text"; text: string; citations: Citation[]; started: boolean }
  | { kind: "reasoning"; text: string; signature: string | undefined; started: boolean }
  | { kind: "redacted"; data: Uint8Array }
  | {
      kind: "tool-use";
      toolUseId: string;
      name: string;
      json: string;
      /** Reads each input delta once, for the events' `partialInput` (reparsing `json` would be quadratic). */
      partialInput: IncrementalJsonParser;
      type: ToolUseType | undefined;
      /** Set at the block's `contentBlockStop`: only then is the input whole. */
      done?: AssembledToolUse;
    }
  | { kind: "image"; format: ImageFormat; pieces: Uint8Array[]; done: boolean }
  | {
      kind: "tool-result";
      toolUseId: string;
      type: string | undefined;
      status: string | undefined;
      content: ToolResultContentBlock[];
    };

/** A block as the assembled message holds it; undefined for one that must not be sent back (blank text, an unfinished image). */
export function toContentBlock(block: PartialBlock): ContentBlock | undefined {
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
    case "image": {
      // An image whose block never ended is incomplete: it is not kept.
      const bytes = block.pieces[0];
      if (!block.done || !bytes) return undefined;
      return { image: { format: block.format, source: { bytes } } };
    }
    case "tool-use":
      return {
        toolUse: {
          toolUseId: block.toolUseId,
          name: block.name,
          input: (block.done ?? parseToolInput(block.toolUseId, block.name, block.json))
            .historyInput as ToolUseBlock["input"],
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
