/**
 * The AI SDK: `generateText` (Converse: the SDK's whole-answer API) and `streamText` (ConverseStream), with
 * @ai-sdk/amazon-bedrock pointed at bedrock-local. It signs its own requests and sends them with `fetch`,
 * so its transport is undici's HTTP/1.1 keep-alive pool, not the AWS SDK's.
 */
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { generateText, type ModelMessage, stepCountIs, streamText, tool } from "ai";
import {
  BENCH_CREDENTIALS,
  BENCH_REGION,
  checkAnswer,
  getWeather,
  type PeerDefinition,
  type PeerRunner,
  type Task,
  type TextDeltaListener,
  WEATHER_TOOL_DESCRIPTION,
  WEATHER_TOOL_NAME,
  weatherInput,
} from "./job.js";

const TOOLS = {
  [WEATHER_TOOL_NAME]: tool({
    description: WEATHER_TOOL_DESCRIPTION,
    inputSchema: weatherInput,
    execute: getWeather,
  }),
};
/** Room for the two steps of the job, as the AI SDK's docs set it. */
const STOP_WHEN = stepCountIs(5);

function providerFor(endpoint: string): ReturnType<typeof createAmazonBedrock> {
  return createAmazonBedrock({ region: BENCH_REGION, ...BENCH_CREDENTIALS, baseURL: endpoint });
}

/** The conversation the caller keeps, as AI SDK apps do: the question and the response's messages. */
function conversation(task: Task, responseMessages: ModelMessage[]): ModelMessage[] {
  return [{ role: "user", content: task.prompt }, ...responseMessages];
}

export const AI_SDK_GENERATE: PeerDefinition = {
  label: "AI SDK generateText",
  streams: false,
  create(endpoint): PeerRunner {
    const bedrock = providerFor(endpoint);
    const generate = (task: Task) =>
      generateText({ model: bedrock(task.modelId), prompt: task.prompt, tools: TOOLS, stopWhen: STOP_WHEN });
    return {
      async run(task) {
        checkAnswer("AI SDK generateText", task, (await generate(task)).text);
      },
      async keepSession(task) {
        const result = await generate(task);
        checkAnswer("AI SDK generateText", task, result.text);
        return conversation(task, result.response.messages);
      },
      async close() {},
    };
  },
};

export const AI_SDK_STREAM: PeerDefinition = {
  label: "AI SDK streamText",
  streams: true,
  create(endpoint): PeerRunner {
    const bedrock = providerFor(endpoint);
    const stream = async (task: Task, onTextDelta?: TextDeltaListener) => {
      const result = streamText({
        model: bedrock(task.modelId),
        prompt: task.prompt,
        tools: TOOLS,
        stopWhen: STOP_WHEN,
      });
      // streamText reports failures as stream parts (and logs them unless told otherwise): surface them.
      for await (const part of result.fullStream) {
        if (part.type === "text-delta") onTextDelta?.(part.text);
        else if (part.type === "error") throw part.error;
      }
      const text = await result.text;
      checkAnswer("AI SDK streamText", task, text);
      return (await result.response).messages;
    };
    return {
      async run(task, onTextDelta) {
        await stream(task, onTextDelta);
      },
      async keepSession(task) {
        return conversation(task, await stream(task));
      },
      async close() {},
    };
  },
};
