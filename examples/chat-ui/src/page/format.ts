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

/** At most this many fields of a JSON object are listed; the raw JSON has them all. */
const MAX_FIELDS = 12;
/** A field's value longer than this is cut in the list (the raw JSON has it whole). */
const MAX_VALUE_CHARS = 120;
/** Text longer than this, or with more lines, starts collapsed. */
const LONG_TEXT_CHARS = 400;
const LONG_TEXT_LINES = 8;

/** One block of a tool result, as the page shows it. */
export type ToolResultPart =
  /** A JSON object: a key/value list, and the raw JSON. */
  | { kind: "fields"; fields: { key: string; value: string; full: string }[]; hidden: number; raw: string }
  /** Text (or JSON that is not an object, pretty-printed); `long` text starts collapsed. */
  | { kind: "text"; text: string; long: boolean };

/** A tool result's content for people: JSON objects as short key/value lists, long text collapsible. */
export function describeToolResult(content: readonly ToolResultContentBlock[]): ToolResultPart[] {
  return content.map((block): ToolResultPart => {
    const json: unknown = block.json;
    const entries =
      json !== null && typeof json === "object" && !Array.isArray(json) ? Object.entries(json) : [];
    // An object with fields is listed; `{}`, arrays and other JSON are shown as text.
    if (entries.length > 0) {
      const fields = entries.slice(0, MAX_FIELDS).map(([key, value]) => {
        const full = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
        const cut = full.length > MAX_VALUE_CHARS ? `${full.slice(0, MAX_VALUE_CHARS - 1)}…` : full;
        return { key, value: cut, full };
      });
      return { kind: "fields", fields, hidden: entries.length - fields.length, raw: formatJson(json) };
    }
    const text = describeOtherBlock(block);
    return {
      kind: "text",
      text,
      long: text.length > LONG_TEXT_CHARS || text.split("\n").length > LONG_TEXT_LINES,
    };
  });
}

/** A block that is not a JSON object, as text: other JSON pretty-printed, text as is, media named. */
function describeOtherBlock(block: ToolResultContentBlock): string {
  if (block.json !== undefined) return formatJson(block.json);
  if (block.text !== undefined) return block.text;
  if (block.image) return "[image]";
  if (block.document) return `[document ${block.document.name ?? ""}]`.replace(" ]", "]");
  return "[content]";
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
