// A worker process: takes runs from the queue and runs them with the packing agent until it is stopped.
// argv: its name, the bedrock-local endpoint (empty for Amazon Bedrock), the Redis key prefix.
import { startRunWorker } from "@lode/durable";
import { packingAgent } from "./agent.js";

const [name = "worker", endpoint = "", prefix = "lode-example:"] = process.argv.slice(2);
const worker = await startRunWorker({
  url: process.env.REDIS_URL,
  prefix,
  agents: { packer: packingAgent(endpoint || undefined, name) },
  concurrency: 2,
  // A dead worker's run is taken over within two seconds.
  lockDurationMs: 2000,
  stalledIntervalMs: 500,
});
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await worker.close();
  process.exit(0);
});
