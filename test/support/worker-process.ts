import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { RedisConversationStore } from "@lode/memory";

const run = promisify(execFile);

/**
 * Runs a test's worker script (TypeScript, through tsx) in a Node process of its own, as another server
 * would, and returns the JSON of the last line it printed.
 */
export async function inWorkerProcess(
  worker: string,
  args: readonly string[],
): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", worker, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

/**
 * What a worker process talks through: an SDK client to bedrock-local (one attempt per call) and the Redis
 * store the test's sessions live in. `close()` releases both, so the process can exit.
 */
export function workerConnections(endpoint: string, url: string, keyPrefix: string) {
  const store = new RedisConversationStore({ url, keyPrefix });
  const client = new BedrockRuntimeClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
    maxAttempts: 1,
  });
  return {
    client,
    store,
    close: async () => {
      client.destroy();
      await store.close();
    },
  };
}
