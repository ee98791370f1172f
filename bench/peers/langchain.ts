/**
 * LangChain: `ChatBedrockConverse` from @langchain/aws with `bindTools`, driven by the loop its docs show:
 * stream a turn and concatenate the chunks into one AIMessage, append it, run each tool call (together),
 * append the ToolMessages, call again until no tool calls. LangChain's agent runtime (`createAgent`) lives
 * in the `langchain` package, which is not installed here; this is the loop beneath it.
 *
 * The client is the real SDK client built as LangChain builds its own (no requestHandler: the SDK's default
 * transport), because LangChain's `endpointHost` always means `https://`, and bedrock-local here is http.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { type AIMessageChunk, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import {
  BENCH_CREDENTIALS,
  BENCH_REGION,
  checkAnswer,
  getWeather,
  onePerModel,
  type PeerDefinition,
  type Task,
  type TextDeltaListener,
  WEATHER_TOOL_DESCRIPTION,
  WEATHER_TOOL_NAME,
  weatherInput,
} from "./job.js";

const weather = tool(async (input) => JSON.stringify(await getWeather(input)), {
  name: WEATHER_TOOL_NAME,
  description: WEATHER_TOOL_DESCRIPTION,
  schema: weatherInput,
});

type BoundModel = ReturnType<ChatBedrockConverse["bindTools"]>;

async function langchainLoop(
  model: BoundModel,
  task: Task,
  onTextDelta?: TextDeltaListener,
): Promise<BaseMessage[]> {
  const messages: BaseMessage[] = [new HumanMessage(task.prompt)];
  for (let step = 0; step < 5; step++) {
    let message: AIMessageChunk | undefined;
    for await (const chunk of await model.stream(messages)) {
      if (onTextDelta && chunk.text) onTextDelta(chunk.text);
      message = message ? message.concat(chunk) : chunk;
    }
    if (!message) throw new Error("LangChain streamed no chunks");
    messages.push(message);
    const calls = message.tool_calls ?? [];
    if (calls.length === 0) {
      checkAnswer("LangChain", task, message.text);
      return messages;
    }
    messages.push(...(await Promise.all(calls.map((call) => weather.invoke(call)))));
  }
  throw new Error("LangChain loop did not finish");
}

export const LANGCHAIN: PeerDefinition = {
  label: "LangChain ChatBedrockConverse",
  streams: true,
  create(endpoint) {
    const client = new BedrockRuntimeClient({
      endpoint,
      region: BENCH_REGION,
      credentials: BENCH_CREDENTIALS,
    });
    const models = onePerModel((modelId) =>
      new ChatBedrockConverse({
        model: modelId,
        client,
        region: BENCH_REGION,
        credentials: BENCH_CREDENTIALS,
      }).bindTools([weather]),
    );
    return {
      async run(task, onTextDelta) {
        await langchainLoop(models.for(task), task, onTextDelta);
      },
      keepSession: (task) => langchainLoop(models.for(task), task),
      async close() {
        client.destroy();
      },
    };
  },
};
