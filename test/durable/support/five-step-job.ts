import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Script } from "@lode/bedrock-local";
import { Agent } from "@lode/core";
import { RedisConversationStore } from "@lode/memory";
import { defineTool } from "@lode/tools";
import { Redis } from "ioredis";
import { z } from "zod";

/** Five steps, each one call of `record_step`, then an answer. */
export const FIVE_STEP_SCRIPT: Script = {
  models: {
    "*": {
      turns: [
        ...[1, 2, 3, 4, 5].map((n) => ({ content: [{ toolUse: { name: "record_step", input: { n } } }] })),
        { text: "All five steps are recorded." },
      ],
    },
  },
};

/** Where the job's tool writes down each call it ran, by run and tool use id (a hash of counts). */
export function ranKey(prefix: string, runId: string): string {
  return `${prefix}test:ran:${runId}`;
}

/**
 * The agent of the durable tests: `record_step` (not idempotent) takes `stepMs` and counts every time it
 * ran, in Redis, so a test can tell a call run twice from one run once.
 */
export function fiveStepAgent(options: {
  endpoint: string;
  redisUrl: string;
  prefix: string;
  stepMs: number;
}) {
  const redis = new Redis(options.redisUrl);
  const recordStep = defineTool({
    name: "record_step",
    description: "Records that a step was done.",
    input: z.object({ n: z.number() }),
    run: async ({ n }, { runId, toolUseId, signal }) => {
      await new Promise((resolve) => setTimeout(resolve, options.stepMs));
      signal.throwIfAborted();
      await redis.hincrby(ranKey(options.prefix, runId), toolUseId, 1);
      return `step ${n} recorded`;
    },
  });
  const client = new BedrockRuntimeClient({
    endpoint: options.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
    maxAttempts: 1,
  });
  const store = new RedisConversationStore({
    url: options.redisUrl,
    keyPrefix: `${options.prefix}sessions:`,
  });
  const agent = new Agent({ modelId: "test-model", client, tools: [recordStep], store });
  return {
    agent,
    close: async () => {
      client.destroy();
      await store.close();
      redis.disconnect();
    },
  };
}
