import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type Message,
  type ToolUseBlock,
} from "@aws-sdk/client-bedrock-runtime";
import { readStreamedTurn } from "./read-streamed-turn.js";
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
    const { content, stopReason, text } = await readStreamedTurn(response.stream);
    messages.push({ role: "assistant", content });
    if (stopReason !== "tool_use") return text;
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
