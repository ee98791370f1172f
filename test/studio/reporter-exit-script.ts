import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { studio } from "@lode/studio";

/**
 * A script as a user writes one: an agent reporting to the studio, one run, then nothing (no flush, no
 * exit call). argv: bedrock-local's endpoint, the studio's URL.
 */
const [endpoint, url] = process.argv.slice(2);
const client = new BedrockRuntimeClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
  maxAttempts: 1,
});
// A long interval: only the reporter's exit flush can send the run's last reports.
const agent = new Agent({
  modelId: "test-model",
  client,
  instrumentation: studio({ url, flushIntervalMs: 600_000 }),
});
const result = await agent.run("Hi.");
client.destroy();
console.log(JSON.stringify({ runId: result.runId }));
