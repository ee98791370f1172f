import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { LodeError } from "@lode/core";
import {
  type DurableRunEvent,
  encodeRunStreamItem,
  type GraphRunEvent,
  RunQueue,
  type RunStreamItem,
  type RunWorker,
  startRunWorker,
} from "@lode/durable";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { FIVE_STEP_SCRIPT, fiveStepAgent } from "./support/five-step-job.js";
import { RESEARCH_SCRIPT, RESEARCH_TASKS, readExecutions, researchGraph } from "./support/research-graph.js";

const prefix = `lode-test-graph-queue-${randomUUID()}:`;
const folder = mkdtempSync(join(tmpdir(), "lode-graph-queue-"));
const log = join(folder, "executions.log");
const redis = new Redis(REDIS_URL);
let server: BedrockLocal;
let queue: RunQueue;
let worker: RunWorker;
let research: ReturnType<typeof researchGraph>;
let fiveSteps: ReturnType<typeof fiveStepAgent>;

beforeAll(async () => {
  writeFileSync(log, "");
  server = await startBedrockLocal({
    script: { models: { ...RESEARCH_SCRIPT.models, ...FIVE_STEP_SCRIPT.models } },
  });
  research = researchGraph({ endpoint: server.url, redisUrl: REDIS_URL, prefix, log, toolMs: 10 });
  fiveSteps = fiveStepAgent({ endpoint: server.url, redisUrl: REDIS_URL, prefix, stepMs: 10 });
  worker = await startRunWorker({
    url: REDIS_URL,
    prefix,
    agents: { "five-steps": fiveSteps.agent },
    graphs: { research: research.graph },
    concurrency: 4,
  });
  queue = new RunQueue({ url: REDIS_URL, prefix, attempts: 1 });
});
afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await research?.close();
  await fiveSteps?.close();
  await server?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(folder, { recursive: true, force: true });
});

async function readAll(runId: string): Promise<RunStreamItem<DurableRunEvent>[]> {
  const items: RunStreamItem<DurableRunEvent>[] = [];
  for await (const item of queue.read<DurableRunEvent>(runId)) items.push(item);
  return items;
}

describe("a queued graph run", () => {
  test("runs on a worker: its own events and its agents' stream to the caller, and its result arrives", async () => {
    const sessionId = randomUUID();
    const runId = await queue.enqueue({ graph: "research", input: { topic: "tides" }, sessionId });
    const [items, result] = await Promise.all([readAll(runId), queue.graphResult(runId)]);

    expect(result).toMatchObject({ runId, sessionId, status: "done", steps: 4 });
    expect(result.state).toMatchObject({ outline: "Outline of tides", published: true });
    expect(result.state.findings).toHaveLength(3);
    const own = items.flatMap(({ entry }) =>
      entry.kind === "event" && entry.event.type.match(/^(graph|node)-/)
        ? [entry.event as GraphRunEvent]
        : [],
    );
    expect(own.at(0)).toMatchObject({ type: "graph-start", graph: "research", runId, resumed: false });
    expect(
      own
        .filter((event) => event.type === "node-end")
        .map((event) => event.taskId)
        .sort(),
    ).toEqual([...RESEARCH_TASKS].sort());
    // graph-end carries the result as plain JSON, read back as it was.
    expect(own.at(-1)).toMatchObject({ type: "graph-end", result: { status: "done", state: result.state } });
    // Agent nodes' events are their own runs', under the graph's node.
    const agentStart = items.find(
      ({ entry }) =>
        entry.kind === "event" &&
        entry.event.type === "run-start" &&
        entry.event.runId === `${runId}:2:write:0`,
    );
    expect(agentStart?.entry).toMatchObject({ event: { agentPath: ["research", "write", "writer"] } });
    expect(items.at(-1)?.entry).toEqual({ kind: "finished", status: "completed" });
    // Each node ran once; its checkpoints are gone with the run (the graph's and its agent nodes').
    const { nodes } = readExecutions(log);
    for (const taskId of RESEARCH_TASKS) expect(nodes.get(`${runId} ${taskId}`)).toBe(1);
    // (They go just after the stream's end is written: a worker that died in between would go on from them.)
    await vi.waitFor(async () => expect(await redis.keys(`${prefix}run:${runId}*:checkpoint`)).toEqual([]));

    // Over SSE, a graph's own events are named by their type, their data plain JSON.
    const nodeEnd = items.find(({ entry }) => entry.kind === "event" && entry.event.type === "node-end");
    const sse = encodeRunStreamItem(nodeEnd as RunStreamItem);
    expect(sse).toMatch(new RegExp(`^event: node-end\nid: ${nodeEnd?.id}\ndata: \\{.*\\}\n\n$`));
    expect(JSON.parse(sse.split("data: ")[1] ?? "")).toMatchObject({ type: "node-end", taskId: "0:plan:0" });
  });

  test("of a graph the worker does not know fails, invalid-config", async () => {
    const runId = await queue.enqueue({ graph: "no-such-graph", input: { topic: "tides" } });
    const failure = await queue.graphResult(runId).catch((error: unknown) => error);
    expect(LodeError.isInstance(failure) && failure.code).toBe("invalid-config");
    expect((failure as Error).message).toContain('No graph "no-such-graph" in this worker.');
  });

  test("an error of the graph streams as graph-error, its error a LodeError again", async () => {
    // The state refuses the input: the run fails at once, on its only attempt.
    const runId = await queue.enqueue({ graph: "research", input: { topic: 42 } });
    const items = await readAll(runId);
    const error = items.find(({ entry }) => entry.kind === "event" && entry.event.type === "graph-error");
    expect(error?.entry).toMatchObject({ event: { type: "graph-error", code: "invalid-request" } });
    const event = error?.entry.kind === "event" ? (error.entry.event as GraphRunEvent) : undefined;
    expect(event?.type === "graph-error" && LodeError.isInstance(event.error)).toBe(true);
    expect(items.at(-1)?.entry).toMatchObject({ kind: "finished", status: "failed" });
  });
});

describe("an agent run queued before graphs could be (its job has no kind)", () => {
  test("still runs as an agent run", async () => {
    // BullMQ as the durable package has it (the tests' own dependencies do not include it).
    const { Queue } = createRequire(new URL("../../packages/durable/package.json", import.meta.url))(
      "bullmq",
    ) as typeof import("../../packages/durable/node_modules/bullmq/dist/esm/index.js");
    const bull = new Queue("lode-runs", {
      connection: { host: "127.0.0.1", port: 6379 },
      prefix: `${prefix}bull`,
    });
    const runId = randomUUID();
    await bull.add(
      "run",
      { runId, agent: "five-steps", input: JSON.stringify("Record five steps.") },
      { jobId: runId },
    );
    await bull.close();
    const result = await queue.result(runId);
    expect(result.text).toBe("All five steps are recorded.");
  });
});
