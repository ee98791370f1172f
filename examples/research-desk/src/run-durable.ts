import { randomUUID } from "node:crypto";
import { type DurableRunEvent, RunQueue, startRunWorker } from "@lode/durable";
import type { GraphEvent } from "@lode/graph";
import type { createResearchGraph } from "./research-graph.js";

type ResearchGraph = ReturnType<typeof createResearchGraph>;

/**
 * The research as a durable job: queued on Redis, run by a worker (here one in this process; any number of
 * worker processes could take it, and one that dies hands the graph to another, which goes on from its last
 * node), its events read back from the run's stream. Resolves to the graph's result.
 */
export async function runDurably(
  desk: ResearchGraph,
  input: { topic: string },
  onEvent: (event: GraphEvent) => void,
) {
  const connection = {
    url: process.env.LODE_REDIS_URL ?? "redis://127.0.0.1:6379",
    prefix: `lode-research-${randomUUID()}:`,
  };
  const worker = await startRunWorker({ ...connection, graphs: { research: desk } });
  const queue = new RunQueue(connection);
  try {
    const runId = await queue.enqueue({ graph: "research", input });
    for await (const { entry } of queue.read<DurableRunEvent>(runId)) {
      if (entry.kind === "event") onEvent(entry.event as GraphEvent);
      if (entry.kind === "finished") break;
    }
    return await queue.graphResult<Awaited<ReturnType<ResearchGraph["run"]>>["state"]>(runId);
  } finally {
    await queue.close();
    await worker.close();
  }
}
