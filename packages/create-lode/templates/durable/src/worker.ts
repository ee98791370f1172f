// npm run worker: a worker process on its own, taking runs from the queue until stopped (Ctrl-C). Run
// several: a run whose worker dies is taken over by another from its last checkpoint. It calls Amazon
// Bedrock (LODE_MODEL_ID, region and credentials from the environment).
import { startRunWorker } from "@lode/durable";
import { createAgent, DEFAULT_MODEL_ID } from "./agent.js";
import { AGENT_NAME, checkRedis, REDIS_URL } from "./durable.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

await checkRedis();
const agent = createAgent({ modelId: process.env.LODE_MODEL_ID ?? DEFAULT_MODEL_ID });
const worker = await startRunWorker({
  url: REDIS_URL,
  agents: { [AGENT_NAME]: agent },
  onError: (error) => process.stderr.write(`worker: ${error.message}\n`),
});
process.stdout.write(`worker ready on ${REDIS_URL}\n`);
const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
