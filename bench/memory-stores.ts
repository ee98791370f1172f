/**
 * What a conversation store costs as a session grows: for each store, on sessions of 100, 1,000 and
 * 10,000 messages (~500-byte user and assistant texts), the latency of appending one turn (a user +
 * assistant pair, at the version the caller knows) and of loading the whole session. Prints the median
 * and p95 in milliseconds. Each cell takes a bounded number of samples (fewer on big sessions) within a
 * time budget, after one untimed warm-up.
 *
 * Redis and PostgreSQL are the servers the tests use (LODE_TEST_REDIS_URL, LODE_TEST_POSTGRES_URL); the
 * run writes under its own key prefix, schema and temporary folder, and removes them after. A server that
 * cannot be reached is reported and skipped.
 *
 *   npx tsx bench/memory-stores.ts
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import {
  type ConversationStore,
  FileConversationStore,
  InMemoryConversationStore,
  PostgreSQLConversationStore,
  RedisConversationStore,
} from "@lode/memory";
import { Redis } from "ioredis";
import pg from "pg";
import { sized } from "./support/smoke.js";
import { percentile } from "./support/stats.js";

// A smoke run still seeds a session past SEED_BATCH, so it appends in more than one batch.
const SIZES = sized([100, 1_000, 10_000], [20, 600]);
/** Samples per cell, fewer on big sessions; a cell also stops once it has used its time budget. */
const SAMPLES = sized<Record<number, number>>({ 100: 40, 1000: 25, 10000: 10 }, { 20: 2, 600: 2 });
const CELL_BUDGET_MS = sized(2_000, 200);
/** Messages per append while seeding a session (keeps Redis's Lua `unpack` well within its limit). */
const SEED_BATCH = 500;

const REDIS_URL = process.env.LODE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const POSTGRES_URL = process.env.LODE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const runId = randomUUID().replaceAll("-", "");

const WORDS =
  "the report says revenue grew in the third quarter while costs held steady and the team shipped two releases with fewer incidents than planned".split(
    " ",
  );

/** About `length` characters of prose, different for each `seed`. */
function prose(seed: number, length: number): string {
  let text = "";
  for (let i = seed; text.length < length; i += 7) text += `${WORDS[i % WORDS.length]} `;
  return text.slice(0, length);
}

function turn(index: number): Message[] {
  return [
    { role: "user", content: [{ text: `Question ${index}: ${prose(index, 480)}` }] },
    { role: "assistant", content: [{ text: `Answer ${index}: ${prose(index + 3, 480)}` }] },
  ];
}

async function seed(store: ConversationStore, sessionId: string, size: number): Promise<number> {
  let version = 0;
  while (version < size) {
    const batch: Message[] = [];
    for (let i = version; i < Math.min(size, version + SEED_BATCH); i += 2) batch.push(...turn(i));
    version = await store.append(sessionId, batch.slice(0, size - version), version);
  }
  return version;
}

interface Stats {
  median: number;
  p95: number;
  samples: number;
}

function stats(values: number[]): Stats {
  return { median: percentile(values, 0.5), p95: percentile(values, 0.95), samples: values.length };
}

/** Times `work` after one untimed run, up to `count` samples or the cell's time budget. */
async function sample(count: number, work: () => Promise<unknown>): Promise<Stats> {
  await work();
  const times: number[] = [];
  const deadline = performance.now() + CELL_BUDGET_MS;
  while (times.length < count && (times.length === 0 || performance.now() < deadline)) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return stats(times);
}

interface Subject {
  name: string;
  open(): Promise<ConversationStore>;
  cleanUp(): Promise<void>;
}

let directory: string | undefined;
let redis: Redis | undefined;
const keyPrefix = `lode-bench:${runId}:`;
let pool: pg.Pool | undefined;
const schema = `lode_bench_${runId}`;

const subjects: Subject[] = [
  {
    name: "in-memory",
    open: async () => new InMemoryConversationStore(),
    cleanUp: async () => {},
  },
  {
    name: "file",
    open: async () => {
      directory = await mkdtemp(join(tmpdir(), "lode-bench-stores-"));
      return new FileConversationStore({ directory });
    },
    cleanUp: async () => {
      if (directory) await rm(directory, { recursive: true, force: true });
    },
  },
  {
    name: "redis",
    open: async () => {
      redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
      await redis.connect();
      return new RedisConversationStore({ client: redis, keyPrefix });
    },
    cleanUp: async () => {
      if (!redis) return;
      if (redis.status === "ready") {
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      } else {
        redis.disconnect();
      }
    },
  },
  {
    name: "postgres",
    open: async () => {
      pool = new pg.Pool({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
      const store = new PostgreSQLConversationStore({ pool, schema });
      await store.ensureSchema();
      return store;
    },
    cleanUp: async () => {
      if (!pool) return;
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await pool.end();
    },
  },
];

const pad = (text: string, width: number) => text.padEnd(width);
const cell = ({ median, p95, samples }: Stats) =>
  pad(`${median.toFixed(2)} / ${p95.toFixed(2)}  (n=${samples})`, 28);

console.log(
  "conversation stores: median / p95 (ms) of one append of a turn and of one load, by session size\n",
);
console.log(
  pad("store", 12) + pad("operation", 12) + SIZES.map((size) => pad(`${size} messages`, 28)).join(""),
);
const started = performance.now();
for (const subject of subjects) {
  try {
    let store: ConversationStore;
    try {
      store = await subject.open();
    } catch (error) {
      console.log(
        `${pad(subject.name, 12)}skipped: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const appends: Stats[] = [];
    const loads: Stats[] = [];
    for (const size of SIZES) {
      const sessionId = `session-${size}`;
      let version = await seed(store, sessionId, size);
      let next = size;
      appends.push(
        await sample(SAMPLES[size] ?? 10, async () => {
          version = await store.append(sessionId, turn(next), version);
          next += 2;
        }),
      );
      loads.push(await sample(SAMPLES[size] ?? 10, () => store.load(sessionId)));
      await store.delete(sessionId);
    }
    console.log(pad(subject.name, 12) + pad("append", 12) + appends.map(cell).join(""));
    console.log(pad("", 12) + pad("load", 12) + loads.map(cell).join(""));
  } finally {
    await subject.cleanUp();
  }
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
