/** The raw loop with one of Lode's ways of calling the SDK added at a time: which of them costs CPU. */
import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type Message,
  type ToolUseBlock,
} from "@aws-sdk/client-bedrock-runtime";
import { readStreamedTurn } from "../support/read-streamed-turn.js";
import { BENCH_MODEL_ID, weatherFor } from "../support/two-step-script.js";

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

/** `mode` names what is added: `signal`, `mw` (a per-command build middleware), `reader` (manual next()). */
export async function rawLodeLike(client: BedrockRuntimeClient, mode: string): Promise<string> {
  const messages: Message[] = [{ role: "user", content: [{ text: "What's the weather in Lisbon?" }] }];
  const controller = new AbortController();
  for (let step = 0; step < 10; step++) {
    const command = new ConverseStreamCommand({ modelId: BENCH_MODEL_ID, messages, toolConfig: TOOL_CONFIG });
    if (mode.includes("mw"))
      command.middlewareStack.add((next) => (args) => next(args), { step: "build", name: "expMw" });
    const response = mode.includes("signal")
      ? await client.send(command, { abortSignal: controller.signal })
      : await client.send(command);
    let turn: Awaited<ReturnType<typeof readStreamedTurn>>;
    if (mode.includes("reader")) {
      const iterator = (response.stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      const items: unknown[] = [];
      for (let item = await iterator.next(); !item.done; item = await iterator.next()) items.push(item.value);
      turn = await readStreamedTurn(items as never);
    } else turn = await readStreamedTurn(response.stream);
    const { content, stopReason, text } = turn;
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
