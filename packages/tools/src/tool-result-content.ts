import type { DocumentFormat, ImageFormat, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";

const RESULT_BLOCKS = Symbol.for("lode.tool-result-blocks");

/** Result blocks made by `image()`, `document()`, `searchResults()` or `resultBlocks()`, passed to Bedrock as they are. */
export interface ToolResultBlocks {
  readonly [RESULT_BLOCKS]: true;
  readonly blocks: ToolResultContentBlock[];
}

/** What a tool's `run` may return: text, any JSON value, or result blocks. */
export type ToolReturn = string | number | boolean | null | undefined | ToolResultBlocks | object;

/** An image result: the model sees the picture. */
export function image(bytes: Uint8Array, format: ImageFormat): ToolResultBlocks {
  return resultBlocks([{ image: { format, source: { bytes } } }]);
}

/** A document result (pdf, csv, docx, html, md, txt…). `name` must be a plain file-like name. */
export function document(bytes: Uint8Array, format: DocumentFormat, name: string): ToolResultBlocks {
  return resultBlocks([{ document: { format, name, source: { bytes } } }]);
}

/** One result of a search tool: where it was found, its title, and its text (a passage, or several). */
export interface SearchResult {
  source: string;
  title: string;
  content: string | string[];
}

/**
 * Search results as Bedrock's `searchResult` blocks: the model can cite them, and its citations come back
 * as `citation` events whose location is a `searchResultLocation` (which result, which passages).
 * `citations: false` sends them without asking for citations.
 */
export function searchResults(
  results: SearchResult[],
  options: { citations?: boolean } = {},
): ToolResultBlocks {
  const enabled = options.citations ?? true;
  return resultBlocks(
    results.map(({ source, title, content }) => ({
      searchResult: {
        source,
        title,
        content: [content].flat().map((text) => ({ text })),
        citations: { enabled },
      },
    })),
  );
}

/** Any result blocks, passed through unchanged (mix text, json, images and documents). */
export function resultBlocks(blocks: ToolResultContentBlock[]): ToolResultBlocks {
  return { [RESULT_BLOCKS]: true, blocks };
}

/**
 * Maps a tool's return value to result blocks: a string to text, result blocks as they are, any other
 * object (or array) to json, and nothing to a short text so the result is never empty.
 */
export function toToolResultContent(value: ToolReturn): ToolResultContentBlock[] {
  if (typeof value === "string") return [{ text: value === "" ? "(empty)" : value }];
  if (value === undefined || value === null) return [{ text: "(no output)" }];
  if (typeof value === "object" && RESULT_BLOCKS in value) return (value as ToolResultBlocks).blocks;
  if (typeof value === "object" && !Array.isArray(value)) return [{ json: value as never }];
  // Bedrock's json result must be an object: wrap arrays and scalars.
  return [{ json: { result: value } as never }];
}
