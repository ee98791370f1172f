import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type Script, startBedrockLocal } from "@lode/bedrock-local";
import type { ResearchModels } from "./research-agents.js";

/** The scripted demo's model ids: one per agent, each answered by its own script (`demo.script.json`). */
export const SCRIPTED_MODELS: ResearchModels = {
  planner: "scripted-planner",
  searcher: "scripted-searcher",
  writer: "scripted-writer",
  reviewer: "scripted-reviewer",
};

/**
 * The scripted planner's three questions, each with the scripted model that answers the searcher asking
 * it. bedrock-local picks a scripted turn by the conversation's length, not by what it is asked, and the
 * three searches are three conversations of one length running at once: so in the scripted demo (only),
 * each question's searches go to a model scripted for it.
 */
export const SCRIPTED_SEARCHES: Readonly<Record<string, string>> = {
  "How does a honeybee colony keep warm through the winter?": "scripted-searcher-warmth",
  "What does a colony live on until spring?": "scripted-searcher-food",
  "Why do colonies die over winter?": "scripted-searcher-losses",
};

/** Where the desk's model calls go. */
export interface ModelBackend {
  models: ResearchModels;
  /** Undefined for Amazon Bedrock: the agents build their clients from the environment. */
  client: BedrockRuntimeClient | undefined;
  /** One line for people: which backend, and why. */
  description: string;
  close(): Promise<void>;
}

/**
 * Amazon Bedrock when LODE_MODEL_ID is set (every agent on that model; region and credentials from the
 * AWS SDK's usual settings); otherwise bedrock-local serving `script`, one scripted model per agent.
 */
export async function openModelBackend(
  env: NodeJS.ProcessEnv = process.env,
  script: Script | string = fileURLToPath(new URL("./demo.script.json", import.meta.url)),
): Promise<ModelBackend> {
  // LODE_MODEL_ID alone picks Amazon Bedrock: without credentials the run then fails and says what to
  // set, instead of quietly running the scripted demo.
  const modelId = env.LODE_MODEL_ID;
  if (modelId) {
    return {
      models: { planner: modelId, searcher: modelId, writer: modelId, reviewer: modelId },
      client: undefined,
      description: `Using Amazon Bedrock, model ${modelId} for every agent: LODE_MODEL_ID is set (region and credentials come from the AWS SDK's usual settings)`,
      close: async () => {},
    };
  }
  const server = await startBedrockLocal({ script });
  const client = scriptedClient(server.clientConfig);
  return {
    models: SCRIPTED_MODELS,
    client,
    description: `Using bedrock-local at ${server.url}, a scripted model per agent: LODE_MODEL_ID is not set (set it, with AWS credentials and AWS_REGION, for Amazon Bedrock)`,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

/** A client of bedrock-local whose searcher requests go to the model scripted for their question. */
export function scriptedClient(
  config: ConstructorParameters<typeof BedrockRuntimeClient>[0] & object,
): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({ ...config, maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { modelId?: string; messages?: { content?: { text?: string }[] }[] };
      const question = input.messages?.[0]?.content?.[0]?.text;
      const scripted = question === undefined ? undefined : SCRIPTED_SEARCHES[question];
      if (input.modelId !== SCRIPTED_MODELS.searcher || scripted === undefined) return next(args);
      return next({ ...args, input: { ...input, modelId: scripted } });
    },
    { step: "initialize", name: "lodeScriptedSearches" },
  );
  return client;
}
