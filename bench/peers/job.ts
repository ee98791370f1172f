/**
 * The one job every peer runs, and the two heavier variants, as bedrock-local scripts and checks. Each task
 * has its own model id in one script, so one bedrock-local child serves them all.
 */
import type { Script } from "@lode/bedrock-local";
import { z } from "zod";

/** What a runner is asked to do: which scripted model, the question, and the only right final text. */
export interface Task {
  name: string;
  modelId: string;
  prompt: string;
  answer: string;
}

/** Called with each text delta as the runner surfaces it to its user. */
export type TextDeltaListener = (text: string) => void;

/** One rival set up against one bedrock-local. */
export interface PeerRunner {
  /**
   * Runs the task to its end and throws unless the final text is the task's answer, so a broken adapter
   * fails loudly instead of measuring nothing. With `onTextDelta`, runs through the runner's streaming
   * surface and reports every text delta.
   */
  run(task: Task, onTextDelta?: TextDeltaListener): Promise<void>;
  /** Runs the task and returns what holds the finished conversation, as a server keeps an idle session. */
  keepSession(task: Task, sessionId: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A rival as the bench lists it. */
export interface PeerDefinition {
  label: string;
  /** Whether the runner's API streams text deltas (generateText and other whole-answer APIs do not). */
  streams: boolean;
  /**
   * Set when this runner is another runner's loop over another transport: it keeps the same conversation,
   * so its memory per session is not measured again.
   */
  transportVariantOf?: PeerDefinition;
  /** Set when the runner differs from another only in how it reads a stream: it is timed on streaming alone. */
  streamOnly?: boolean;
  /** Sets the runner up against the bedrock-local at `endpoint`. */
  create(endpoint: string): PeerRunner;
}

export const BENCH_REGION = "us-east-1";
/** Placeholders: bedrock-local checks no signature, but every client refuses to sign without them. */
export const BENCH_CREDENTIALS = { accessKeyId: "bench", secretAccessKey: "bench" };

/** The tool's input. `history` is optional so the 200 KB tool input fits the same tool. */
export const weatherInput = z.object({
  city: z.string(),
  history: z.array(z.object({ day: z.string(), tempC: z.number(), sky: z.string() })).optional(),
});
export type WeatherInput = z.infer<typeof weatherInput>;
export const WEATHER_TOOL_NAME = "get_weather";
export const WEATHER_TOOL_DESCRIPTION = "Current weather for a city";
/** The same schema as JSON Schema, for the hand-written raw loop (what `z.toJSONSchema` gives, minus `$schema`). */
export const WEATHER_INPUT_JSON_SCHEMA = {
  type: "object",
  properties: {
    city: { type: "string" },
    history: {
      type: "array",
      items: {
        type: "object",
        properties: { day: { type: "string" }, tempC: { type: "number" }, sky: { type: "string" } },
        required: ["day", "tempC", "sky"],
      },
    },
  },
  required: ["city"],
};

const WEATHER: Record<string, { tempC: number; sky: string }> = {
  Lisbon: { tempC: 21, sky: "sunny" },
  Porto: { tempC: 17, sky: "cloudy" },
};

/** The tool every runner calls: async, so runners that run calls in parallel can. */
export async function getWeather(
  input: WeatherInput,
): Promise<{ city: string; tempC: number; sky: string; days: number }> {
  const weather = WEATHER[input.city] ?? { tempC: 0, sky: "unknown" };
  return { city: input.city, ...weather, days: input.history?.length ?? 0 };
}

export const WEATHER_TASK: Task = {
  name: "weather",
  modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  prompt: "What's the weather in Lisbon and Porto?",
  answer: "Lisbon: 21 °C and sunny. Porto: 17 °C and cloudy. Both are good for a walk today.",
};

/** A single ~20 KB answer at 4 characters a delta: thousands of text deltas, no tools. */
export const MANY_EVENTS_TASK: Task = {
  name: "many events",
  modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  prompt: "Tell me everything about Lisbon.",
  answer: "Lisbon sits on seven hills above the Tagus. ".repeat(460),
};

/** ~200 KB of tool input, as a model that quotes a long history back to a tool would send it. */
const BIG_HISTORY = Array.from({ length: 4600 }, (_, day) => ({
  day: `2025-${String((day % 12) + 1).padStart(2, "0")}-${String((day % 28) + 1).padStart(2, "0")}`,
  tempC: 10 + (day % 17),
  sky: day % 3 ? "cloudy" : "sunny",
}));

export const BIG_TOOL_INPUT_TASK: Task = {
  name: "200 KB tool input",
  modelId: "us.anthropic.claude-opus-4-1-20250805-v1:0",
  prompt: "What was the weather in Lisbon over these days?",
  answer: "Lisbon: 21 °C and sunny today, after 4600 days on record.",
};

/** The JSON size of the big tool input, for the legend. */
export const BIG_TOOL_INPUT_BYTES = JSON.stringify({ city: "Lisbon", history: BIG_HISTORY }).length;

export const PEERS_SCRIPT: Script = {
  models: {
    [WEATHER_TASK.modelId]: {
      turns: [
        {
          chunkSize: 8,
          content: [
            { text: "Let me check both cities." },
            { toolUse: { id: "tooluse_peers_lisbon", name: WEATHER_TOOL_NAME, input: { city: "Lisbon" } } },
            { toolUse: { id: "tooluse_peers_porto", name: WEATHER_TOOL_NAME, input: { city: "Porto" } } },
          ],
        },
        {
          chunkSize: 8,
          text: WEATHER_TASK.answer,
          // A runner that drops one of the two results is answered with a ValidationException naming it.
          expect: { toolResultsFor: ["tooluse_peers_lisbon", "tooluse_peers_porto"] },
        },
      ],
    },
    [MANY_EVENTS_TASK.modelId]: { turns: [{ chunkSize: 4, text: MANY_EVENTS_TASK.answer }] },
    [BIG_TOOL_INPUT_TASK.modelId]: {
      turns: [
        {
          chunkSize: 64,
          content: [
            {
              toolUse: {
                id: "tooluse_peers_history",
                name: WEATHER_TOOL_NAME,
                input: { city: "Lisbon", history: BIG_HISTORY },
              },
            },
          ],
        },
        {
          chunkSize: 8,
          text: BIG_TOOL_INPUT_TASK.answer,
          expect: { toolResultsFor: ["tooluse_peers_history"] },
        },
      ],
    },
  },
};

/** Throws unless `text` is the task's answer. */
export function checkAnswer(runner: string, task: Task, text: string): void {
  if (text !== task.answer) {
    const shown = text.length > 120 ? `${text.slice(0, 120)}… (${text.length} chars)` : text;
    throw new Error(`${runner} answered ${task.name} with ${JSON.stringify(shown)}`);
  }
}

/**
 * One `T` per model id, made on first need: a runner's agent or model is bound to its model id, and each
 * task names its own. `all()` lists what was made, for closing.
 */
export function onePerModel<T>(make: (modelId: string) => T): { for(task: Task): T; all(): T[] } {
  const made = new Map<string, T>();
  return {
    for(task) {
      let value = made.get(task.modelId);
      if (value === undefined) {
        value = make(task.modelId);
        made.set(task.modelId, value);
      }
      return value;
    },
    all: () => [...made.values()],
  };
}
