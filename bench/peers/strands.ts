/**
 * Strands Agents: `agent.invoke(prompt)`, a fresh Agent per job (an Agent keeps its conversation in
 * `agent.messages` and refuses concurrent invocations), all sharing one BedrockModel per model id, as a
 * server would. The model gets only where to send requests: its transport is Strands' default.
 */
import type { AgentResult, Agent as StrandsAgent } from "@strands-agents/sdk";
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

/**
 * Loaded at run time, not bundled: run-all bundles each bench with esbuild, and Strands' context offloader
 * has an `await import("@aws-sdk/client-s3")` (an optional peer, not installed) that esbuild cannot
 * resolve. A specifier esbuild cannot read stays a plain Node import of Strands' shipped ESM, which runs
 * as a user's application would load it (no tsx wrapper either way).
 */
const STRANDS_PACKAGE: string = "@strands-agents/sdk";
const strands = (await import(STRANDS_PACKAGE)) as typeof import("@strands-agents/sdk");

const weather = strands.tool({
  name: WEATHER_TOOL_NAME,
  description: WEATHER_TOOL_DESCRIPTION,
  inputSchema: weatherInput,
  callback: getWeather,
});

async function streamAgent(
  agent: StrandsAgent,
  prompt: string,
  onTextDelta: TextDeltaListener,
): Promise<AgentResult> {
  const events = agent.stream(prompt);
  for (let next = await events.next(); ; next = await events.next()) {
    if (next.done) return next.value;
    const event = next.value;
    if (
      event.type === "modelStreamUpdateEvent" &&
      event.event.type === "modelContentBlockDeltaEvent" &&
      event.event.delta.type === "textDelta"
    )
      onTextDelta(event.event.delta.text);
  }
}

export const STRANDS: PeerDefinition = {
  label: "Strands agent.invoke",
  streams: true,
  create(endpoint) {
    const models = onePerModel(
      (modelId) =>
        new strands.BedrockModel({
          modelId,
          region: BENCH_REGION,
          clientConfig: { endpoint, credentials: BENCH_CREDENTIALS },
        }),
    );
    const newAgent = (task: Task): StrandsAgent => {
      const model = models.for(task);
      // printer: false, or Strands writes every delta to stdout.
      return new strands.Agent({ model, tools: [weather], printer: false });
    };
    return {
      async run(task, onTextDelta) {
        const agent = newAgent(task);
        const result = onTextDelta
          ? await streamAgent(agent, task.prompt, onTextDelta)
          : await agent.invoke(task.prompt);
        checkAnswer("Strands", task, result.toString());
      },
      async keepSession(task) {
        const agent = newAgent(task);
        checkAnswer("Strands", task, (await agent.invoke(task.prompt)).toString());
        return agent;
      },
      async close() {},
    };
  },
};
