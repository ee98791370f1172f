import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type Script, startBedrockLocal } from "@lode/bedrock-local";
import type { DeskModels } from "./desk-agents.js";

/**
 * The served tech agent's models: Amazon Bedrock's `LODE_MODEL_ID` when set, else a bedrock-local of its own
 * with a script for a question that arrives over A2A (as text: no transfer call to answer, unlike the desk's
 * own tech, which a local handoff starts with the transfer's result).
 */
export async function openTechBackend(): Promise<{
  models: DeskModels;
  client?: BedrockRuntimeClient;
  close(): Promise<void>;
}> {
  const modelId = process.env.LODE_MODEL_ID;
  if (modelId)
    return {
      models: { triage: modelId, billing: modelId, tech: modelId, docs: modelId },
      close: async () => {},
    };
  const server = await startBedrockLocal({ script: TECH_SCRIPT });
  const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  return {
    models: { triage: "remote-triage", billing: "remote-billing", tech: "remote-tech", docs: "remote-docs" },
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

const TECH_SCRIPT: Script = {
  models: {
    "remote-tech": {
      turns: [
        {
          content: [
            { text: "Let me check the docs." },
            {
              toolUse: {
                id: "tooluse_remote_docs",
                name: "docs",
                input: { task: "What does sync error E42 mean?" },
              },
            },
          ],
          expect: { lastUserText: "E42" },
        },
        { text: "E42 means your sync token expired: sign out and in again (from the tech desk, over A2A)." },
      ],
    },
    "remote-docs": {
      turns: [{ text: "E42: the sync token expired; signing out and in again gets a new one." }],
    },
  },
};
