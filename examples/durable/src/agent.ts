import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";

/** The packing agent both workers run: each call takes a moment, so a worker can die in the middle. */
export function packingAgent(endpoint: string | undefined, workerName: string): Agent {
  const packItem = defineTool({
    name: "pack_item",
    description: "Puts one item in the suitcase.",
    input: z.object({ item: z.string() }),
    // Packing the same item twice does no harm: a call cut short is simply done again.
    idempotent: true,
    run: async ({ item }) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return `${item} packed by ${workerName}`;
    },
  });
  const modelId = process.env.LODE_MODEL_ID;
  return new Agent({
    name: "packer",
    modelId: modelId ?? "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    system: "You pack a suitcase with the pack_item tool, one item per call. Be brief.",
    tools: [packItem],
    ...(endpoint && !modelId
      ? {
          client: new BedrockRuntimeClient({
            endpoint,
            region: "us-east-1",
            credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
            maxAttempts: 1,
          }),
        }
      : {}),
  });
}
