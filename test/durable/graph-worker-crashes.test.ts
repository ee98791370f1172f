import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { INTERRUPTED_CALL } from "@lode/core";
import { type DurableRunEvent, RunQueue, type RunStreamItem } from "@lode/durable";
import { RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { AGENT_TASKS, RESEARCH_SCRIPT, RESEARCH_TASKS, readExecutions } from "./support/research-graph.js";
import { spawnGraphWorker } from "./support/spawn-graph-worker.js";

const GRAPHS = 20;
const KILLS = 2;
const prefix = `lode-test-graph-crashes-${randomUUID()}:`;
const folder = mkdtempSync(join(tmpdir(), "lode-graph-crashes-"));
const log = join(folder, "executions.log");
const redis = new Redis(REDIS_URL);
const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix: `${prefix}sessions:` });
let server: BedrockLocal;
let queue: RunQueue;
const workers: ChildProcess[] = [];

/** Starts a worker process (four graphs at once, each tool call 250 ms); resolves once it takes runs. */
async function startWorker(): Promise<ChildProcess> {
  const child = await spawnGraphWorker({
    endpoint: server.url,
    redisUrl: REDIS_URL,
    prefix,
    log,
    concurrency: 4,
    toolMs: 250,
  });
  workers.push(child);
  return child;
}

/**
 * Waits for a tool call run by a live worker (a line of the execution log after the first `skip`); returns
 * that worker: it holds a graph mid-way (its agent node goes on to call the model again).
 */
async function midGraphWorker(skip: number): Promise<ChildProcess> {
  const live = () => workers.filter((child) => child.exitCode === null && child.signalCode === null);
  for (let waited = 0; waited < 20_000; waited += 20) {
    const lines = readFileSync(log, "utf8").split("\n").slice(skip);
    const pids = lines.flatMap((line) => (line.startsWith("tool ") ? [Number(line.split(" ").at(-1))] : []));
    const busy = live().find((child) => pids.includes(child.pid ?? -1));
    if (busy) return busy;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("No worker ran a tool call for 20 s.");
}

beforeAll(async () => {
  writeFileSync(log, "");
  server = await startBedrockLocal({ script: RESEARCH_SCRIPT });
  queue = new RunQueue({ url: REDIS_URL, prefix });
});
afterAll(async () => {
  for (const child of workers) if (child.exitCode === null) child.kill("SIGKILL");
  await queue?.close();
  await server?.close();
  await store.close();
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

/**
 * What a reader keeps of a graph run's stream once takeovers apply: for each agent node that went on, the
 * entries of its run between its `discardsAfter` and the `resumed` entry are dropped (a model call made
 * again). Returns the messages each agent node's run streamed, by its run id.
 */
function standingMessages(items: readonly RunStreamItem<DurableRunEvent>[]): Map<string, Message[]> {
  const dropped = new Set<string>();
  for (const [at, { entry }] of items.entries()) {
    if (entry.kind !== "resumed") continue;
    for (const task of entry.tasks ?? []) {
      if (!task.discardsAfter) continue;
      const from = items.findIndex((item) => item.id === task.discardsAfter);
      const agentRunId = items.find(({ id }) => id === task.discardsAfter)?.entry;
      const runId = agentRunId?.kind === "event" ? agentRunId.event.runId : "";
      for (const item of items.slice(from + 1, at))
        if (item.entry.kind === "event" && item.entry.event.runId === runId) dropped.add(item.id);
    }
  }
  const messages = new Map<string, Message[]>();
  for (const { id, entry } of items) {
    if (dropped.has(id) || entry.kind !== "event" || entry.event.type !== "message") continue;
    const { runId, message } = entry.event;
    messages.set(runId, [...(messages.get(runId) ?? []), message as Message]);
  }
  return messages;
}

describe("durable graph runs through worker crashes", () => {
  test(`finish ${GRAPHS} graphs exactly once on three workers, ${KILLS} SIGKILLed mid-graph`, {
    timeout: 90_000,
  }, async () => {
    await Promise.all([startWorker(), startWorker(), startWorker()]);
    const sessions = Array.from({ length: GRAPHS }, () => randomUUID());
    const runIds = await Promise.all(
      sessions.map((sessionId, index) =>
        queue.enqueue({ graph: "research", input: { topic: `topic ${index}` }, sessionId }),
      ),
    );
    const reads = runIds.map((runId) => readAll(runId));
    const results = runIds.map((runId) => queue.graphResult(runId));

    // Kill a worker as soon as one of its agent nodes' tools has run (it holds graphs mid-way), then
    // another in the same way; then start two more.
    for (let kill = 0; kill < KILLS; kill++) {
      const victim = await midGraphWorker(readFileSync(log, "utf8").split("\n").length - 1);
      victim.kill("SIGKILL");
      await once(victim, "exit");
    }
    await Promise.all(Array.from({ length: KILLS }, () => startWorker()));
    const finished = await Promise.all(results);
    const streams = await Promise.all(reads);
    const { nodes, tools } = readExecutions(log);

    // Every graph finished, once, all its nodes through.
    expect(finished.map((result) => [result.status, result.state.published])).toEqual(
      Array(GRAPHS).fill(["done", true]),
    );
    for (const [index, items] of streams.entries()) {
      const runId = runIds[index] ?? "";
      const result = finished[index];
      expect(result?.state.findings).toHaveLength(3);
      expect(result?.nodes.map((node) => node.taskId).sort()).toEqual([...RESEARCH_TASKS].sort());
      const types = items.map(({ entry }) => (entry.kind === "event" ? entry.event.type : entry.kind));
      expect(types.filter((type) => type === "graph-start")).toHaveLength(1);
      expect(types.filter((type) => type === "graph-end")).toHaveLength(1);
      expect(types.at(-1)).toBe("finished");
      expect(types.filter((type) => type === "finished")).toHaveLength(1);
      // Each node's end streamed exactly once; each finished node ran exactly once.
      const ends = items.flatMap(({ entry }) =>
        entry.kind === "event" && entry.event.type === "node-end" ? [entry.event.taskId] : [],
      );
      expect(ends.sort()).toEqual([...RESEARCH_TASKS].sort());
      for (const taskId of RESEARCH_TASKS) expect(nodes.get(`${runId} ${taskId}`)).toBe(1);

      // Every agent node's stored history is whole: each toolUse answered by the next message, and no
      // tool call ran twice (an answered one ran once; one cut off in flight is answered as interrupted).
      const streamed = standingMessages(items);
      const resultIds = items.flatMap(({ entry }) =>
        entry.kind === "event" && entry.event.type === "tool-result" ? [entry.event.toolUseId] : [],
      );
      expect(new Set(resultIds).size).toBe(resultIds.length);
      const calls: string[] = [];
      for (const taskId of AGENT_TASKS) {
        const { messages } = await store.load(`${sessions[index]}/${taskId}`);
        expect(messages.at(-1)?.role).toBe("assistant");
        // A reader that applies the discards sees the node's conversation as it was stored, each message once.
        expect(streamed.get(`${runId}:${taskId}`)).toEqual(messages.slice(1));
        for (const [at, message] of messages.entries()) {
          const uses = (message.content ?? []).flatMap((block) => (block.toolUse ? [block.toolUse] : []));
          if (uses.length === 0) continue;
          const answers = (messages[at + 1] as Message | undefined)?.content ?? [];
          for (const use of uses) {
            const answer = answers.find((block) => block.toolResult?.toolUseId === use.toolUseId)?.toolResult;
            expect(answer).toBeDefined();
            calls.push(use.toolUseId ?? "");
            const times = tools.get(use.toolUseId ?? "") ?? 0;
            if (answer?.status === "error") {
              expect(answer.content).toEqual([{ text: INTERRUPTED_CALL }]);
              expect(times).toBeLessThanOrEqual(1);
            } else expect(times).toBe(1);
          }
        }
      }
      // Each call's result streamed exactly once.
      expect(resultIds.sort()).toEqual(calls.sort());
    }
    // No tool call ran twice anywhere.
    expect([...tools.values()].filter((times) => times > 1)).toEqual([]);
    // The kills landed mid-graph: graphs were taken over, and went on past nodes that had finished.
    const resumed = streams.flatMap((items) =>
      items.flatMap(({ entry }) => (entry.kind === "resumed" ? [entry] : [])),
    );
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.some((entry) => (entry.tasks ?? []).length > 0)).toBe(true);
    if (process.env.LODE_TEST_VERBOSE)
      console.log(
        `executions: ${[...nodes.values()].reduce((a, b) => a + b, 0)} nodes, ${[...tools.values()].reduce((a, b) => a + b, 0)} tool calls; resumed entries: ${resumed.length}; agent nodes going on: ${resumed.flatMap((entry) => entry.tasks ?? []).length} (partial steps discarded: ${resumed.flatMap((entry) => entry.tasks ?? []).filter((task) => task.discardsAfter).length})`,
      );
    // bedrock-local accepted every request it received whole: every history sent after a takeover was valid.
    const received = server.requests.filter((entry) => entry.body !== undefined);
    expect(received.filter((entry) => entry.status !== 200)).toEqual([]);
  });
});
