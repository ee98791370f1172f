// One worker process of the durable graph test: takes runs of the research graph from the queue until killed.
// argv: bedrock-local endpoint, Redis URL, key prefix, execution log, concurrency, tool milliseconds.
import { startRunWorker } from "@lode/durable";
import { researchGraph } from "./research-graph.js";

const [endpoint = "", redisUrl = "", prefix = "", log = "", concurrency = "1", toolMs = "100"] =
  process.argv.slice(2);
const job = researchGraph({ endpoint, redisUrl, prefix, log, toolMs: Number(toolMs) });
const worker = await startRunWorker({
  url: redisUrl,
  prefix,
  graphs: { research: job.graph },
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
