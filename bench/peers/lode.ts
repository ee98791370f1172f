/**
 * Lode's `agent.run` with Lode's own default client: no `client`, no requestHandler, only where to send
 * requests. Whatever transport Lode picks by default is what is measured.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, toUIMessageStream } from "@lode/core";
import { defineTool } from "@lode/tools";
import {
  BENCH_CREDENTIALS,
  BENCH_REGION,
  checkAnswer,
  getWeather,
  onePerModel,
  type PeerDefinition,
  WEATHER_TOOL_DESCRIPTION,
  WEATHER_TOOL_NAME,
  weatherInput,
} from "./job.js";

const weather = defineTool({
  name: WEATHER_TOOL_NAME,
  description: WEATHER_TOOL_DESCRIPTION,
  input: weatherInput,
  run: getWeather,
});

/** How a Lode runner reads a streamed run: the events of `agent.stream()`, or the UI message stream made of them. */
type StreamSurface = "events" | "ui-message-stream";

function lodeRunner(
  endpoint: string,
  options: { plainClient: boolean; surface: StreamSurface },
): ReturnType<PeerDefinition["create"]> {
  const clientConfig = { endpoint, region: BENCH_REGION, credentials: BENCH_CREDENTIALS };
  // A plain client is the SDK's own default, as the raw loop of runner 1 has it: what Lode adds on the same transport.
  const client = options.plainClient ? new BedrockRuntimeClient(clientConfig) : undefined;
  // One agent per model id, each with its own in-memory session store.
  const agents = onePerModel(
    (modelId) => new Agent({ modelId, tools: [weather], ...(client ? { client } : { clientConfig }) }),
  );
  return {
    async run(task, onTextDelta) {
      const agent = agents.for(task);
      if (!onTextDelta) {
        checkAnswer("Lode", task, (await agent.run(task.prompt)).text);
        return;
      }
      const stream = agent.stream(task.prompt);
      if (options.surface === "ui-message-stream") {
        const reader = toUIMessageStream(stream).getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read())
          if (read.value.type === "text-delta") onTextDelta(read.value.delta);
      } else for await (const event of stream) if (event.type === "text-delta") onTextDelta(event.text);
      checkAnswer("Lode", task, (await stream.result).text);
    },
    async keepSession(task, sessionId) {
      // The session lives in the agent's store, which is what a server holding idle sessions keeps.
      checkAnswer("Lode", task, (await agents.for(task).run(task.prompt, { sessionId })).text);
      return undefined;
    },
    async close() {
      await Promise.all(agents.all().map((agent) => agent.close()));
      client?.destroy();
    },
  };
}

export const LODE: PeerDefinition = {
  label: "Lode agent.run",
  streams: true,
  create: (endpoint) => lodeRunner(endpoint, { plainClient: false, surface: "events" }),
};

/** Lode handed a plain `BedrockRuntimeClient` (the SDK's defaults): the same transport as runner 1. */
export const LODE_PLAIN_CLIENT: PeerDefinition = {
  label: "Lode, plain SDK client",
  streams: true,
  transportVariantOf: LODE,
  create: (endpoint) => lodeRunner(endpoint, { plainClient: true, surface: "events" }),
};

/** Lode as `LODE`, its streamed runs read through the AI SDK UI message stream (`toUIMessageStream`). */
export const LODE_UI_STREAM: PeerDefinition = {
  label: "Lode, UI message stream",
  streams: true,
  streamOnly: true,
  transportVariantOf: LODE,
  create: (endpoint) => lodeRunner(endpoint, { plainClient: false, surface: "ui-message-stream" }),
};
