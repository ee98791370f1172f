import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { studio } from "@lode/studio";
import { demoTools } from "./tools.js";

export const DEMO_QUESTION = "What's the weather in Lisbon and Oslo, in both °C and °F?";
export const DEMO_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const SYSTEM = "You are a concise travel assistant. Use the tools for facts; never guess the weather.";

/** The demo's agent: its tools and system prompt, on `client` (the SDK's default client when left out). */
export function createDemoAgent(options: { modelId?: string; client?: BedrockRuntimeClient } = {}): Agent {
  return new Agent({
    modelId: options.modelId ?? DEMO_MODEL_ID,
    system: SYSTEM,
    tools: demoTools,
    // Reports each run to Lode Studio when LODE_STUDIO_URL is set (`pnpm studio` prints it); else does nothing.
    instrumentation: studio(),
    ...(options.client ? { client: options.client } : {}),
  });
}
