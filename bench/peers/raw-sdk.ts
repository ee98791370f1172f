/**
 * The loop a careful developer writes by hand on the raw SDK (bench/support/raw-sdk-loop.ts), extended to
 * run every tool call of a turn at once, over three transports: the SDK's default (a new HTTP/2 session
 * per request), HTTP/1.1 keep-alive, and one HTTP/2 session with concurrent streams.
 */
import { Agent as HttpAgent } from "node:http";
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseStreamCommand,
  type Message,
  type ToolResultBlock,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { readStreamedTurn } from "../support/read-streamed-turn.js";
import {
  BENCH_CREDENTIALS,
  BENCH_REGION,
  checkAnswer,
  getWeather,
  type PeerDefinition,
  type PeerRunner,
  type Task,
  type TextDeltaListener,
  WEATHER_INPUT_JSON_SCHEMA,
  WEATHER_TOOL_DESCRIPTION,
  WEATHER_TOOL_NAME,
  type WeatherInput,
} from "./job.js";

const TOOL_CONFIG = {
  tools: [
    {
      toolSpec: {
        name: WEATHER_TOOL_NAME,
        description: WEATHER_TOOL_DESCRIPTION,
        inputSchema: { json: WEATHER_INPUT_JSON_SCHEMA },
      },
    },
  ],
};

/** Streams each turn, assembles text and tool uses by block index, runs the calls together, until done. */
async function rawSdkLoop(
  client: BedrockRuntimeClient,
  task: Task,
  onTextDelta?: TextDeltaListener,
): Promise<{ text: string; messages: Message[] }> {
  const messages: Message[] = [{ role: "user", content: [{ text: task.prompt }] }];
  for (let step = 0; step < 10; step++) {
    const response = await client.send(
      new ConverseStreamCommand({ modelId: task.modelId, messages, toolConfig: TOOL_CONFIG }),
    );
    const { content, stopReason, text } = await readStreamedTurn(response.stream, onTextDelta);
    messages.push({ role: "assistant", content });
    if (stopReason !== "tool_use") return { text, messages };
    const results = await Promise.all(
      content.flatMap((block) =>
        block.toolUse
          ? [
              getWeather(block.toolUse.input as WeatherInput).then(
                (json): ToolResultBlock => ({
                  toolUseId: block.toolUse?.toolUseId,
                  content: [{ json }],
                  status: "success",
                }),
              ),
            ]
          : [],
      ),
    );
    messages.push({ role: "user", content: results.map((toolResult) => ({ toolResult })) });
  }
  throw new Error("raw loop did not finish");
}

function rawSdkRunner(label: string, client: BedrockRuntimeClient): PeerRunner {
  return {
    async run(task, onTextDelta) {
      checkAnswer(label, task, (await rawSdkLoop(client, task, onTextDelta)).text);
    },
    async keepSession(task) {
      const { text, messages } = await rawSdkLoop(client, task);
      checkAnswer(label, task, text);
      return messages;
    },
    async close() {
      client.destroy();
    },
  };
}

/**
 * The SDK's defaults but for where to send requests: its retries too (3 attempts). With one attempt, a
 * kept-alive connection that bedrock-local closed as it was reused (a `socket hang up` between rounds)
 * would end the whole bench; the SDK's default retry sends the call again, as it would for a user.
 */
function clientConfig(endpoint: string): BedrockRuntimeClientConfig {
  return { endpoint, region: BENCH_REGION, credentials: BENCH_CREDENTIALS };
}

/** The baseline: no requestHandler, so the SDK's default, a new HTTP/2 session for every request. */
export const RAW_SDK_DEFAULT: PeerDefinition = {
  label: "raw SDK, default handler",
  streams: true,
  create: (endpoint) => rawSdkRunner("raw SDK", new BedrockRuntimeClient(clientConfig(endpoint))),
};

export const RAW_SDK_KEEP_ALIVE: PeerDefinition = {
  label: "raw SDK, HTTP/1.1 keep-alive",
  streams: true,
  transportVariantOf: RAW_SDK_DEFAULT,
  create: (endpoint) =>
    rawSdkRunner(
      "raw SDK keep-alive",
      new BedrockRuntimeClient({
        ...clientConfig(endpoint),
        requestHandler: new NodeHttpHandler({
          httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
        }),
      }),
    ),
};

/**
 * Asked for one shared session, but @smithy/node-http-handler 4 still gives every event-stream call (all of
 * ConverseStream) a session of its own (`useIsolatedSession = disableConcurrentStreams || isEventStream`):
 * only non-streaming calls would share one.
 */
export const RAW_SDK_SHARED_HTTP2: PeerDefinition = {
  label: "raw SDK, one HTTP/2 session",
  streams: true,
  transportVariantOf: RAW_SDK_DEFAULT,
  create: (endpoint) =>
    rawSdkRunner(
      "raw SDK shared HTTP/2",
      new BedrockRuntimeClient({
        ...clientConfig(endpoint),
        requestHandler: new NodeHttp2Handler({ disableConcurrentStreams: false }),
      }),
    ),
};
