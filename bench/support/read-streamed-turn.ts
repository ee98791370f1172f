import type { ContentBlock, ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";

/** One streamed model turn as a hand-written loop assembles it. */
export interface StreamedTurn {
  content: ContentBlock[];
  stopReason: string;
  text: string;
}

/**
 * What a careful developer writes on the raw SDK to read a ConverseStream answer: text and tool uses
 * assembled by block index, each tool's JSON input parsed once at the end. Shared by the raw loops of the
 * benchmarks, so every raw baseline does the same work.
 */
export async function readStreamedTurn(
  stream: AsyncIterable<ConverseStreamOutput> | undefined,
  onTextDelta?: (text: string) => void,
): Promise<StreamedTurn> {
  const texts = new Map<number, string>();
  const tools = new Map<number, { toolUseId: string; name: string; json: string }>();
  let stopReason = "";
  for await (const event of stream ?? []) {
    if (event.contentBlockStart?.start?.toolUse) {
      const { toolUseId = "", name = "" } = event.contentBlockStart.start.toolUse;
      tools.set(event.contentBlockStart.contentBlockIndex ?? 0, { toolUseId, name, json: "" });
    } else if (event.contentBlockDelta) {
      const index = event.contentBlockDelta.contentBlockIndex ?? 0;
      const delta = event.contentBlockDelta.delta;
      if (delta?.text !== undefined) {
        texts.set(index, (texts.get(index) ?? "") + delta.text);
        onTextDelta?.(delta.text);
      }
      const tool = tools.get(index);
      if (delta?.toolUse && tool) tool.json += delta.toolUse.input ?? "";
    } else if (event.messageStop) {
      stopReason = event.messageStop.stopReason ?? "";
    }
  }
  const indices = [...new Set([...texts.keys(), ...tools.keys()])].sort((a, b) => a - b);
  const content: ContentBlock[] = indices.map((index) => {
    const tool = tools.get(index);
    if (tool)
      return {
        toolUse: { toolUseId: tool.toolUseId, name: tool.name, input: JSON.parse(tool.json || "{}") },
      };
    return { text: texts.get(index) ?? "" };
  });
  return { content, stopReason, text: [...texts.values()].join("") };
}
