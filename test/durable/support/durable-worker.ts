// One worker process of the durable tests: takes runs of the five-step job from the queue until killed.
// argv: bedrock-local endpoint, Redis URL, key prefix, concurrency, tool step milliseconds.
import { startRunWorker } from "@lode/durable";
import { fiveStepAgent } from "./five-step-job.js";

const [endpoint = "", redisUrl = "", prefix = "", concurrency = "1", stepMs = "100"] = process.argv.slice(2);
const job = fiveStepAgent({ endpoint, redisUrl, prefix, stepMs: Number(stepMs) });
const worker = await startRunWorker({
  url: redisUrl,
  prefix,
  agents: { "five-steps": job.agent },
  concurrency: Number(concurrency),
  lockDurationMs: 1500,
  stalledIntervalMs: 500,
  maxStalledCount: 50,
});
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await worker.close();
  await job.close();
  process.exit(0);
});
