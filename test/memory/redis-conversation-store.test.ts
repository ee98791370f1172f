import { randomUUID } from "node:crypto";
import { RedisConversationStore } from "@lode/memory";
import { manyMessages } from "@lode/testing";
import { describeConversationStoreContract } from "@lode/testing/vitest";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "./support/servers.js";

// Every run writes under its own prefix and removes it after.
const keyPrefix = `lode-test:${randomUUID()}:`;
const stores: RedisConversationStore[] = [];
function makeStore(): RedisConversationStore {
  const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
  stores.push(store);
  return store;
}

// One clean-up after every suite of the file, so the keys of each suite are removed.
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  const cleaner = new Redis(REDIS_URL);
  const keys = await cleaner.keys(`${keyPrefix}*`);
  if (keys.length > 0) await cleaner.del(...keys);
  await cleaner.quit();
});

describeConversationStoreContract("RedisConversationStore", makeStore);

describe("RedisConversationStore script", () => {
  // Lua's `unpack` refuses about 8,000 values; the script pushes in chunks instead.
  test("appends 7,999 messages at once, then 12,000 more, in order", async () => {
    const store = makeStore();
    const first = manyMessages(7_999, "first");
    const second = manyMessages(12_000, "second");
    const version = await store.append("big", first, 0);
    const next = await store.append("big", second, version);
    expect(next).toBe(19_999);
    expect(await store.load("big")).toEqual({ messages: [...first, ...second], version: next });
  });

  test("deletes a session's block ids with it", async () => {
    const store = makeStore();
    const client = new Redis(REDIS_URL);
    const key = `${keyPrefix}session:{blocks}:blocks`;
    await store.append("blocks", manyMessages(2), 0, { blockId: "run-1:0" });
    expect(await client.smembers(key)).toEqual(["run-1:0"]);
    await store.delete("blocks");
    expect(await client.exists(key)).toBe(0);
    await client.quit();
  });
});
