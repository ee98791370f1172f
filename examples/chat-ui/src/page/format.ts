import type { CitationsDelta, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";

/** Pretty JSON for people; strings stay as they are. */
export function formatJson(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** A tool result's content as text: JSON pretty-printed, text as is, other blocks named. */
export function formatToolResult(content: readonly ToolResultContentBlock[]): string {
  return content
    .map((block) => {
      if (block.json !== undefined) return formatJson(block.json);
      if (block.text !== undefined) return block.text;
      if (block.image) return "[image]";
      if (block.document) return `[document ${block.document.name ?? ""}]`.replace(" ]", "]");
      return "[content]";
    })
    .join("\n");
}

/** `812 ms`, `1.4 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `1,234`. */
export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** `tool_use` → `tool use`. */
export function formatStopReason(stopReason: string): string {
  return stopReason.replaceAll("_", " ");
}

/** What a footnote shows for a citation: a label, the quoted source text, and a link when it has one. */
export function describeCitation(citation: CitationsDelta): { label: string; quote: string; url?: string } {
  const web = citation.location?.web;
  const label = citation.title || web?.domain || citation.source || "Source";
  const quote = (citation.sourceContent ?? [])
    .map((part) => part.text ?? "")
    .join(" ")
    .trim();
  return web?.url ? { label, quote, url: web.url } : { label, quote };
}

/** A key under which identical citations share one footnote number. */
export function citationKey(citation: CitationsDelta): string {
  return JSON.stringify([citation.title, citation.source, citation.sourceContent, citation.location]);
}
