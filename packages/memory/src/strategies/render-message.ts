import type { ContentBlock, Message, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";

/** A message as plain text (for a summary's transcript and for counting tokens), and its binary bytes. */
export interface RenderedMessage {
  text: string;
  binaryBytes: number;
}

/** Renders a message's blocks as readable text, naming who said what; binary payloads are only counted. */
export function renderMessage(message: Message): RenderedMessage {
  const speaker = message.role === "assistant" ? "Assistant" : "User";
  const lines: string[] = [];
  let binaryBytes = 0;
  for (const block of message.content ?? []) {
    const rendered = renderBlock(block);
    binaryBytes += rendered.binaryBytes;
    if (rendered.text) lines.push(rendered.text);
  }
  return { text: `${speaker}: ${lines.join("\n")}`, binaryBytes };
}

function renderBlock(block: ContentBlock): RenderedMessage {
  if (block.text !== undefined) return { text: block.text, binaryBytes: 0 };
  if (block.reasoningContent) {
    return { text: `(thinking) ${block.reasoningContent.reasoningText?.text ?? ""}`, binaryBytes: 0 };
  }
  if (block.toolUse) {
    const input = JSON.stringify(block.toolUse.input ?? {});
    return { text: `(calls tool ${block.toolUse.name}: ${input})`, binaryBytes: 0 };
  }
  if (block.toolResult) {
    const parts = (block.toolResult.content ?? []).map(renderResultPart);
    const status = block.toolResult.status === "error" ? " (error)" : "";
    return {
      text: `(tool result${status}: ${parts.map((part) => part.text).join(" ")})`,
      binaryBytes: parts.reduce((sum, part) => sum + part.binaryBytes, 0),
    };
  }
  if (block.guardContent?.text) return { text: block.guardContent.text.text ?? "", binaryBytes: 0 };
  const bytes = block.image?.source?.bytes ?? block.document?.source?.bytes ?? block.video?.source?.bytes;
  if (bytes) return { text: block.image ? "(image)" : "(attachment)", binaryBytes: bytes.length };
  return { text: "", binaryBytes: 0 };
}

function renderResultPart(part: ToolResultContentBlock): RenderedMessage {
  if (part.text !== undefined) return { text: part.text, binaryBytes: 0 };
  if (part.json !== undefined) return { text: JSON.stringify(part.json), binaryBytes: 0 };
  const bytes = part.image?.source?.bytes ?? part.document?.source?.bytes ?? part.video?.source?.bytes;
  return { text: "(attachment)", binaryBytes: bytes?.length ?? 0 };
}
