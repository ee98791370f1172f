import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type GuardrailDefinition, type Script, startBedrockLocal } from "@lode/bedrock-local";
import type { GuardrailOptions } from "@lode/core";
import type { DeskModels } from "./desk-agents.js";

/** The scripted demo's model ids: one per agent, each answered by its own script (`demo.script.json`). */
export const SCRIPTED_MODELS: DeskModels = {
  triage: "scripted-triage",
  billing: "scripted-billing",
  tech: "scripted-tech",
  docs: "scripted-docs",
};

/**
 * The guardrail bedrock-local serves for billing: email addresses masked in what billing says. On AWS,
 * create one like it and set LODE_GUARDRAIL_ID.
 */
export const BILLING_GUARDRAIL: GuardrailDefinition = {
  id: "billing-desk",
  versions: ["DRAFT", "1"],
  blockedInputMessaging: "I can't help with that here.",
  blockedOutputsMessaging: "I can't share that.",
  piiEntities: [
    { type: "EMAIL", action: "ANONYMIZE" },
    { type: "CREDIT_DEBIT_CARD_NUMBER", action: "BLOCK" },
  ],
};

/** Where the desk's model calls go. */
export interface ModelBackend {
  models: DeskModels;
  /** Undefined for Amazon Bedrock: the agents build their clients from the environment. */
  client: BedrockRuntimeClient | undefined;
  billingGuardrail: GuardrailOptions | undefined;
  /** One line for people: which backend, and why. */
  description: string;
  close(): Promise<void>;
}

/**
 * Amazon Bedrock when LODE_MODEL_ID is set (every agent on that model; region and credentials from the
 * AWS SDK's usual settings, a billing guardrail with LODE_GUARDRAIL_ID); otherwise bedrock-local serving
 * `script`, one scripted model per agent.
 */
export async function openModelBackend(
  env: NodeJS.ProcessEnv = process.env,
  script: Script | string = fileURLToPath(new URL("./demo.script.json", import.meta.url)),
): Promise<ModelBackend> {
  // LODE_MODEL_ID alone picks Amazon Bedrock: without credentials the run then fails and says what to
  // set, instead of quietly running the scripted demo.
  const modelId = env.LODE_MODEL_ID;
  if (modelId) {
    const guardrailId = env.LODE_GUARDRAIL_ID;
    return {
      models: { triage: modelId, billing: modelId, tech: modelId, docs: modelId },
      client: undefined,
      billingGuardrail: guardrailId
        ? { id: guardrailId, version: env.LODE_GUARDRAIL_VERSION ?? "DRAFT" }
        : undefined,
      description: `Using Amazon Bedrock, model ${modelId} for every agent: LODE_MODEL_ID is set (region and credentials come from the AWS SDK's usual settings)`,
      close: async () => {},
    };
  }
  const server = await startBedrockLocal({ script, guardrails: [BILLING_GUARDRAIL] });
  const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  return {
    models: SCRIPTED_MODELS,
    client,
    billingGuardrail: { id: BILLING_GUARDRAIL.id, version: "1" },
    description: `Using bedrock-local at ${server.url}, a scripted model per agent: LODE_MODEL_ID is not set (set it, with AWS credentials and AWS_REGION, for Amazon Bedrock)`,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
