import { randomUUID } from "node:crypto";
import { RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import { describeConversationStoreContract } from "./support/conversation-store-contract.js";
import { REDIS_URL } from "./support/servers.js";

// Every run writes under its own prefix and removes it after.
const keyPrefix = `lode-test:${randomUUID()}:`;
let store: RedisConversationStore | undefined;

describeConversationStoreContract(
  "RedisConversationStore",
  () => {
    store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
    return store;
  },
  async () => {
    await store?.close();
    const cleaner = new Redis(REDIS_URL);
    const keys = await cleaner.keys(`${keyPrefix}*`);
    if (keys.length > 0) await cleaner.del(...keys);
    await cleaner.quit();
  },
);
