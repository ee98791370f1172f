import type { Script } from "@lode/bedrock-local";

/** A two-step tool conversation: the model asks for a tool, then answers with its result. */
export const TWO_STEP_SCRIPT: Script = {
  models: {
    "*": {
      turns: [
        {
          chunkSize: 8,
          content: [
            { text: "Let me look that up." },
            { toolUse: { name: "get_weather", input: { city: "Lisbon" } } },
          ],
        },
        { chunkSize: 8, text: "It is 21 °C and sunny in Lisbon today, a fine day for a walk by the river." },
      ],
    },
  },
};

export const BENCH_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
export const BENCH_PROMPT = "What's the weather in Lisbon?";

/** The tool both loops call: the same work on both sides. */
export function weatherFor(city: string): { city: string; tempC: number; sky: string } {
  return { city, tempC: 21, sky: "sunny" };
}
