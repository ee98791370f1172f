/**
 * Lode's `agent.run` with Lode's own default client: no `client`, no requestHandler, only where to send
 * requests. Whatever transport Lode picks by default is what is measured.
 */
import { Agent } from "@lode/core";
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

export const LODE: PeerDefinition = {
  label: "Lode agent.run",
  streams: true,
  create(endpoint) {
    // One agent per model id, each with its own in-memory session store.
    const agents = onePerModel(
      (modelId) =>
        new Agent({
          modelId,
          tools: [weather],
          clientConfig: { endpoint, region: BENCH_REGION, credentials: BENCH_CREDENTIALS },
        }),
    );
    return {
      async run(task, onTextDelta) {
        const agent = agents.for(task);
        if (!onTextDelta) {
          checkAnswer("Lode", task, (await agent.run(task.prompt)).text);
          return;
        }
        const stream = agent.stream(task.prompt);
        for await (const event of stream) if (event.type === "text-delta") onTextDelta(event.text);
        checkAnswer("Lode", task, (await stream.result).text);
      },
      async keepSession(task, sessionId) {
        // The session lives in the agent's store, which is what a server holding idle sessions keeps.
        checkAnswer("Lode", task, (await agents.for(task).run(task.prompt, { sessionId })).text);
        return undefined;
      },
      async close() {
        await Promise.all(agents.all().map((agent) => agent.close()));
      },
    };
  },
};
