import type { DocumentFormat, ImageFormat, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ToolCallAnswer } from "@lode/core";

/** One piece of an MCP tool's result, as the server sends it (only what Lode reads). */
interface McpContent {
  type?: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; mimeType?: string; text?: string; blob?: string };
}

const IMAGE_FORMATS: Record<string, ImageFormat> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

const DOCUMENT_FORMATS: Record<string, DocumentFormat> = {
  "application/pdf": "pdf",
  "text/csv": "csv",
  "text/html": "html",
  "text/markdown": "md",
  "text/plain": "txt",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

/**
 * An MCP tool's result as the toolResult Bedrock takes: text as text, images as image blocks, embedded
 * resources as their text or as a document, `structuredContent` as a json block; what Bedrock cannot
 * carry (audio, an image of another format, a link) as a line of text saying what it was. `isError`
 * makes it an error result, which the model reads and can act on.
 */
export function toToolResult(result: {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
}): ToolCallAnswer {
  const items = Array.isArray(result.content) ? (result.content as McpContent[]) : [];
  const content: ToolResultContentBlock[] = items.flatMap((item, index) => blocksOf(item, index));
  const structured = result.structuredContent;
  if (typeof structured === "object" && structured !== null && !Array.isArray(structured))
    content.push({ json: structured as never });
  if (content.length === 0) content.push({ text: "(no output)" });
  return { status: result.isError === true ? "error" : "success", content };
}

function blocksOf(item: McpContent, index: number): ToolResultContentBlock[] {
  switch (item.type) {
    case "text":
      return item.text ? [{ text: item.text }] : [];
    case "image": {
      const format = IMAGE_FORMATS[item.mimeType ?? ""];
      if (format && item.data)
        return [{ image: { format, source: { bytes: Buffer.from(item.data, "base64") } } }];
      return [{ text: `[an image of type ${item.mimeType ?? "unknown"}, which Bedrock cannot show]` }];
    }
    case "resource": {
      const resource = item.resource ?? {};
      if (typeof resource.text === "string") return [{ text: resource.text }];
      const format = DOCUMENT_FORMATS[resource.mimeType ?? ""];
      if (format && resource.blob)
        return [
          {
            document: {
              format,
              // Bedrock wants a plain file-like name: letters, digits, spaces, hyphens, brackets.
              name: documentName(resource.uri, index),
              source: { bytes: Buffer.from(resource.blob, "base64") },
            },
          },
        ];
      return [{ text: `[a resource ${resource.uri ?? ""} of type ${resource.mimeType ?? "unknown"}]` }];
    }
    case "resource_link":
      return [{ text: `[a link to ${item.uri ?? "a resource"}${item.name ? ` (${item.name})` : ""}]` }];
    default:
      return [{ text: `[${item.type ?? "unknown"} content, which Bedrock cannot carry]` }];
  }
}

function documentName(uri: string | undefined, index: number): string {
  const base = (uri ?? "").split("/").pop() ?? "";
  const clean = base
    .replace(/\.[^.]*$/, "")
    .replace(/[^a-zA-Z0-9 ()[\]-]/g, " ")
    .trim();
  return clean || `document ${index + 1}`;
}
