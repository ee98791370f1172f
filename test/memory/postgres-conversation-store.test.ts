import { randomUUID } from "node:crypto";
import { PostgreSQLConversationStore } from "@lode/memory";
import { sampleTurn } from "@lode/testing";
import { describeConversationStoreContract } from "@lode/testing/vitest";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { POSTGRES_URL } from "./support/servers.js";

// Every run creates its own schema and drops it after.
const schema = `lode_test_${randomUUID().replaceAll("-", "")}`;
const stores: PostgreSQLConversationStore[] = [];
function makeStore(): PostgreSQLConversationStore {
  const store = new PostgreSQLConversationStore({ connectionString: POSTGRES_URL, schema });
  stores.push(store);
  return store;
}

async function query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

// One clean-up after every suite of the file, so the schema outlives the contract suite.
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describeConversationStoreContract("PostgreSQLConversationStore", makeStore);

describe("PostgreSQLConversationStore rows", () => {
  test("leaves no session row after an empty append, so appends at version 0 still win", async () => {
    const store = makeStore();
    await store.append("empty-first", [], 0);
    const { rowCount } = await query(`SELECT 1 FROM "${schema}".lode_sessions WHERE session_id = $1`, [
      "empty-first",
    ]);
    expect(rowCount).toBe(0);
    const version = await store.append("empty-first", sampleTurn("a"), 0);
    expect(await store.append("empty-first", sampleTurn("b"), version)).toBeGreaterThan(version);
  });

  test("claims a session row left at version 0 by an earlier release's empty append", async () => {
    const store = makeStore();
    await store.ensureSchema();
    await query(`INSERT INTO "${schema}".lode_sessions (session_id, version) VALUES ($1, 0)`, ["left-at-0"]);
    expect(await store.listSessions()).not.toContain("left-at-0");
    const version = await store.append("left-at-0", sampleTurn("a"), 0);
    expect(await store.load("left-at-0")).toEqual({ messages: sampleTurn("a"), version });
    await expect(store.append("left-at-0", sampleTurn("late"), 0)).rejects.toMatchObject({
      code: "conflict",
      currentVersion: version,
    });
  });

  test("deletes a session's block ids with it", async () => {
    const store = makeStore();
    const blockRows = async () =>
      (await query(`SELECT block_id FROM "${schema}".lode_blocks WHERE session_id = $1`, ["blocks"])).rows;
    await store.append("blocks", sampleTurn("a"), 0, { blockId: "run-1:0" });
    expect(await blockRows()).toEqual([{ block_id: "run-1:0" }]);
    await store.delete("blocks");
    expect(await blockRows()).toEqual([]);
  });
});
