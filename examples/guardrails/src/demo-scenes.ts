import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type GuardrailOptions } from "@lode/core";
import { findCustomer } from "./tools.js";

const SYSTEM = "You are a parcel company's support assistant. Be brief. Use the tools for customer records.";

/** One scene of the demo: a model id bedrock-local scripts for it, and what the user says. */
export interface Scene {
  title: string;
  scriptedModelId: string;
  prompts: string[];
}

export const SCENES: Scene[] = [
  {
    title: "1. A question the guardrail refuses, and the conversation going on",
    scriptedModelId: "demo-input-block",
    prompts: ["Any stock tips for today?", "Fine. Where is my parcel P-1?"],
  },
  {
    title: "2. An answer with an email address, masked",
    scriptedModelId: "demo-masked-answer",
    prompts: ["Who handles refunds?"],
  },
  {
    title: "3. A tool result with an email address, masked before the model reads it",
    scriptedModelId: "demo-tool-guardrail",
    prompts: ["Who is customer C-7?"],
  },
];

/**
 * A scene's agent: the model's guardrail checks the latest question and every answer; the tool guardrail
 * checks each tool call's input before it runs and its result before the model reads it.
 */
export function createSceneAgent(options: {
  modelId: string;
  client: BedrockRuntimeClient;
  guardrail: { id: string; version: string };
}): Agent {
  const guardrail: GuardrailOptions = { ...options.guardrail, trace: "enabled" };
  return new Agent({
    modelId: options.modelId,
    client: options.client,
    system: SYSTEM,
    tools: [findCustomer],
    guardrail,
    toolGuardrail: options.guardrail,
  });
}
