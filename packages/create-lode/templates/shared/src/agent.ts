import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { studio } from "@lode/studio";
import { defineTool } from "@lode/tools";
import { z } from "zod";

/** The question `npm start` asks when given none, and the test asks. */
export const QUESTION = "What's the weather in Lisbon, in °C and °F?";

/** The model bedrock-local plays by default (and the recordings were made with). */
export const DEFAULT_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** Made-up but stable weather, so the agent needs no network: replace it with a real service. */
const WEATHER: Record<string, { tempC: number; sky: string }> = {
  lisbon: { tempC: 21, sky: "sunny" },
  oslo: { tempC: 4, sky: "light snow" },
};

export const getWeather = defineTool({
  name: "get_weather",
  description: "Current weather for a city: the temperature in °C and the sky.",
  input: z.object({ city: z.string().describe("City name, e.g. Lisbon") }),
  run: async ({ city }) => {
    const found = WEATHER[city.toLowerCase()];
    // A tool's error goes back to the model as an error result, which it can act on.
    if (!found) throw new Error(`No weather for ${city}. Known cities: Lisbon, Oslo.`);
    return { city, ...found };
  },
});

export const convertTemperature = defineTool({
  name: "convert_temperature",
  description: "Converts a temperature from °C to °F.",
  input: z.object({ celsius: z.number() }),
  run: ({ celsius }) => ({ celsius, fahrenheit: Math.round((celsius * 9) / 5 + 32) }),
});

/**
 * The agent. Without `client`, it talks to Amazon Bedrock with the region and credentials of the
 * environment (AWS_REGION, AWS_PROFILE, ...); the test and `npm start` pass one pointed at bedrock-local.
 */
export function createAgent(options: { modelId: string; client?: BedrockRuntimeClient }): Agent {
  return new Agent({
    modelId: options.modelId,
    system: "You are a concise weather assistant. Use the tools for facts; never guess the weather.",
    tools: [getWeather, convertTemperature],
    // Reports every run to Lode Studio (`npm run studio`) when LODE_STUDIO_URL is set; does nothing otherwise.
    instrumentation: studio(),
    ...(options.client ? { client: options.client } : {}),
  });
}
