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
  type PeerDefinition,
  type Task,
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
    // An agent is bound to its model id: one per task, each with its own in-memory session store.
    const agents = new Map<string, Agent>();
    const agentFor = (task: Task): Agent => {
      let agent = agents.get(task.modelId);
      if (!agent) {
        agent = new Agent({
          modelId: task.modelId,
          tools: [weather],
          clientConfig: { endpoint, region: BENCH_REGION, credentials: BENCH_CREDENTIALS },
        });
        agents.set(task.modelId, agent);
      }
      return agent;
    };
    return {
      async run(task, onTextDelta) {
        const agent = agentFor(task);
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
        checkAnswer("Lode", task, (await agentFor(task).run(task.prompt, { sessionId })).text);
        return undefined;
      },
      async close() {
        await Promise.all([...agents.values()].map((agent) => agent.close()));
      },
    };
  },
};
