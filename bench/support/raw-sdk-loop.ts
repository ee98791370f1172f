import {
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseStreamCommand,
  type Message,
  type ToolUseBlock,
} from "@aws-sdk/client-bedrock-runtime";
import { BENCH_MODEL_ID, weatherFor } from "./two-step-script.js";

const TOOL_CONFIG = {
  tools: [
    {
      toolSpec: {
        name: "get_weather",
        description: "Current weather for a city",
        inputSchema: {
          json: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    },
  ],
};

/**
 * The loop a careful developer writes by hand on the raw SDK: stream, assemble text and tool uses by
 * index, call the tool, send the results back, until the model stops asking. The baseline for Lode.
 */
export async function rawSdkLoop(client: BedrockRuntimeClient, prompt: string): Promise<string> {
  const messages: Message[] = [{ role: "user", content: [{ text: prompt }] }];
  for (let step = 0; step < 10; step++) {
    const response = await client.send(
      new ConverseStreamCommand({ modelId: BENCH_MODEL_ID, messages, toolConfig: TOOL_CONFIG }),
    );
    const texts = new Map<number, string>();
    const tools = new Map<number, { toolUseId: string; name: string; json: string }>();
    let stopReason = "";
    for await (const event of response.stream ?? []) {
      if (event.contentBlockStart?.start?.toolUse) {
        const { toolUseId = "", name = "" } = event.contentBlockStart.start.toolUse;
        tools.set(event.contentBlockStart.contentBlockIndex ?? 0, { toolUseId, name, json: "" });
      } else if (event.contentBlockDelta) {
        const index = event.contentBlockDelta.contentBlockIndex ?? 0;
        const delta = event.contentBlockDelta.delta;
        if (delta?.text !== undefined) texts.set(index, (texts.get(index) ?? "") + delta.text);
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
    messages.push({ role: "assistant", content });
    if (stopReason !== "tool_use") return [...texts.values()].join("");
    const toolUses = content.flatMap((block) => (block.toolUse ? [block.toolUse as ToolUseBlock] : []));
    messages.push({
      role: "user",
      content: toolUses.map((use) => ({
        toolResult: {
          toolUseId: use.toolUseId,
          content: [{ json: weatherFor((use.input as { city: string }).city) }],
          status: "success" as const,
        },
      })),
    });
  }
  throw new Error("raw loop did not finish");
}
