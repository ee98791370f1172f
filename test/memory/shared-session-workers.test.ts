import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import type { ConversationStore } from "@lode/core";
import { PostgreSQLConversationStore, RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POSTGRES_URL, REDIS_URL } from "./support/servers.js";

const WORKER = fileURLToPath(new URL("./support/agent-worker.ts", import.meta.url));
const RUNS = 8;

let server: BedrockLocal;
beforeAll(async () => {
  server = await startBedrockLocal({
    script: { models: { "*": { turns: [{ text: "Noted.", delayMs: 0 }], loop: true } } },
  });
});
afterAll(async () => {
  await server?.close();
});

/** A worker process: `ready` resolves once it is connected; `go()` starts its runs; `done` gives its conflicts. */
function startWorker(args: string[]): { ready: Promise<void>; go(): void; done: Promise<number> } {
  let stdout = "";
  let stderr = "";
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(Number(stdout.replace("ready\n", "").trim()))
        : reject(new Error(`worker exited with ${code}: ${stderr}`)),
    );
  });
  return { ready, go: () => child.stdin.end("go\n"), done };
}

/** Both workers, released together once both are connected, so that their runs race. */
async function runBothWorkers(common: string[]): Promise<number> {
  const workers = ["A", "B"].map((label) => startWorker([...common, label, String(RUNS)]));
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) worker.go();
  const conflicts = await Promise.all(workers.map((worker) => worker.done));
  return conflicts[0]! + conflicts[1]!;
}

async function expectBothWorkersWhole(store: ConversationStore, sessionId: string): Promise<void> {
  const { messages, version } = await store.load(sessionId);
  expect(messages).toHaveLength(2 * RUNS * 2);
  expect(version).toBe(messages.length);
  messages.forEach((message, index) => {
    expect(message.role).toBe(index % 2 === 0 ? "user" : "assistant");
  });
  const questions = messages.filter((message) => message.role === "user").map((m) => m.content?.[0]?.text);
  for (const label of ["A", "B"]) {
    const own = questions.filter((text) => text?.startsWith(`${label} run `));
    expect(own).toEqual(Array.from({ length: RUNS }, (_, run) => `${label} run ${run}`));
  }
  // Every request the workers sent was accepted.
  const conversing = server.requests.filter((entry) => entry.operation?.startsWith("Converse"));
  expect(conversing.length).toBeGreaterThanOrEqual(2 * RUNS);
  expect(conversing.every((entry) => entry.status === 200)).toBe(true);
}

describe("two agent processes sharing one session", () => {
  test("through Redis, keep every turn of both once, in alternating order", async () => {
    const keyPrefix = `lode-test:${randomUUID()}:`;
    const sessionId = "shared";
    const common = ["redis", REDIS_URL, keyPrefix, server.clientConfig.endpoint, sessionId];
    try {
      const conflicts = await runBothWorkers(common);
      expect(conflicts).toBeGreaterThan(0);
      const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
      try {
        await expectBothWorkersWhole(store, sessionId);
      } finally {
        await store.close();
      }
    } finally {
      const cleaner = new Redis(REDIS_URL);
      const keys = await cleaner.keys(`${keyPrefix}*`);
      if (keys.length > 0) await cleaner.del(...keys);
      await cleaner.quit();
    }
  }, 60_000);

  test("through PostgreSQL, keep every turn of both once, in alternating order", async () => {
    const schema = `lode_test_${randomUUID().replaceAll("-", "")}`;
    const sessionId = "shared";
    const common = ["postgres", POSTGRES_URL, schema, server.clientConfig.endpoint, sessionId];
    try {
      const conflicts = await runBothWorkers(common);
      expect(conflicts).toBeGreaterThan(0);
      const store = new PostgreSQLConversationStore({ connectionString: POSTGRES_URL, schema });
      try {
        await expectBothWorkersWhole(store, sessionId);
      } finally {
        await store.close();
      }
    } finally {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }, 60_000);
});
