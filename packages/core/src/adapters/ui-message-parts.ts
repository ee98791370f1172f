import type { CitationsDelta, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { RunStopReason } from "../contracts/run-result.js";
import { bytesToBase64 } from "../events/base64.js";
import { toJsonData } from "../events/event-json.js";
import type { JsonValue, UIFinishReason, UIMessageChunk } from "./ui-message-chunk.js";

/** A citation as a source part: web citations (and search results found at an address) by URL, the rest as documents. */
export function sourceChunk(sourceId: string, citation: CitationsDelta): UIMessageChunk {
  const providerMetadata = { bedrock: { citation: citation as unknown as JsonValue } };
  // A search result's source is usually the address it was found at: shown as a link too.
  const searchSource = citation.location?.searchResultLocation ? httpUrl(citation.source) : undefined;
  const url = citation.location?.web?.url ?? searchSource;
  if (url) {
    const title = citation.title ?? citation.location?.web?.domain;
    return { type: "source-url", sourceId, url, ...(title !== undefined ? { title } : {}), providerMetadata };
  }
  return {
    type: "source-document",
    sourceId,
    // Bedrock cites pages only in PDFs; character and chunk locations are in text.
    mediaType: citation.location?.documentPage ? "application/pdf" : "text/plain",
    title: citation.title ?? citation.source ?? "Document",
    ...(citation.source !== undefined ? { filename: citation.source } : {}),
    providerMetadata,
  };
}

function httpUrl(text: string | undefined): string | undefined {
  return text && /^https?:\/\//.test(text) ? text : undefined;
}

/** A generated image as the AI SDK's file part: a data URL with its media type. */
export function imageFileChunk(format: string, data: Uint8Array): UIMessageChunk {
  const mediaType = `image/${format}`;
  return { type: "file", url: `data:${mediaType};base64,${bytesToBase64(data)}`, mediaType };
}

/** A tool's result as the part's output: its JSON, its text, or the blocks themselves as JSON data. */
export function toolOutput(content: ToolResultContentBlock[]): unknown {
  const [first] = content;
  if (content.length === 1 && first?.json !== undefined) return first.json;
  if (content.every((block) => block.text !== undefined)) return content.map((block) => block.text).join("");
  return toJsonData(content);
}

export function toolErrorText(content: ToolResultContentBlock[]): string {
  const text = content.flatMap((block) => (block.text !== undefined ? [block.text] : [])).join("\n");
  return text || JSON.stringify(toJsonData(content));
}

export function finishReasonOf(stopReason: RunStopReason): UIFinishReason {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "tool_use":
    case "awaiting_approval":
      return "tool-calls";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "guardrail_intervened":
    case "content_filtered":
      return "content-filter";
    default:
      return "other";
  }
}
