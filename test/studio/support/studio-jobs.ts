import type { Script } from "@lode/bedrock-local";
import type { AgentOptions, AnyTool, RunInstrumentation } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { type ScriptedAgent, startScriptedAgent } from "../../support/scripted-agent.js";

/** A long system prompt: long enough for bedrock-local's prompt cache to count its cache point. */
export const DESK_SYSTEM = `You are the travel desk. ${"Answer briefly, cite the weather you looked up. ".repeat(120)}`;

/**
 * Two steps: the model asks for the weather in two cities at once (both calls run in parallel and meet at a
 * barrier, so their bars overlap), then answers from both results. The first model call is throttled once,
 * so the run retries it.
 */
export const twoCitiesScript: Script = {
  models: {
    "*": {
      selection: "sequential",
      turns: [
        {
          chunkSize: 8,
          delayMs: 5,
          content: [
            { text: "Looking up both cities." },
            { toolUse: { name: "weather", input: { city: "Lisbon" }, id: "tu_lisbon" } },
            { toolUse: { name: "weather", input: { city: "Oslo" }, id: "tu_oslo" } },
          ],
        },
        {
          chunkSize: 8,
          delayMs: 5,
          content: [{ text: "Lisbon is 24°C and sunny; Oslo is 3°C with snow." }],
          expect: { toolResultsFor: ["tu_lisbon", "tu_oslo"] },
        },
      ],
    },
  },
};

/** A barrier for `parties` calls: each waits until all have arrived, so parallel calls provably overlap. */
export function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return opened;
  };
}

/** The weather tool of the job: its calls meet at `meet` before answering. */
export function weatherTool(meet: () => Promise<void> = async () => {}): AnyTool {
  return defineTool({
    name: "weather",
    description: "Today's weather in a city",
    input: z.object({ city: z.string() }),
    run: async ({ city }) => {
      await meet();
      return city === "Lisbon" ? { city, tempC: 24, sky: "sunny" } : { city, tempC: 3, sky: "snow" };
    },
  }) as AnyTool;
}

/**
 * The two-step job on bedrock-local, reporting to `instrumentation`: the first model call throttled once
 * (a retry), the two weather calls parallel, cache points after the system prompt and the tools.
 */
export async function startWeatherDesk(
  instrumentation: RunInstrumentation,
  options: Partial<AgentOptions> = {},
): Promise<ScriptedAgent> {
  return startScriptedAgent(twoCitiesScript, {
    name: "desk",
    system: DESK_SYSTEM,
    tools: [weatherTool(barrier(2))],
    cachePoints: { system: true, tools: true },
    prices: { "test-model": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 5 },
    instrumentation,
    faults: [{ when: { requestNumber: 1 }, times: 1, error: { type: "ThrottlingException" } }],
    ...options,
  });
}
