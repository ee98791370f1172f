import { randomUUID } from "node:crypto";
import { PostgreSQLConversationStore } from "@lode/memory";
import pg from "pg";
import { describeConversationStoreContract } from "./support/conversation-store-contract.js";
import { POSTGRES_URL } from "./support/servers.js";

// Every run creates its own schema and drops it after.
const schema = `lode_test_${randomUUID().replaceAll("-", "")}`;
let store: PostgreSQLConversationStore | undefined;

describeConversationStoreContract(
  "PostgreSQLConversationStore",
  () => {
    store = new PostgreSQLConversationStore({ connectionString: POSTGRES_URL, schema });
    return store;
  },
  async () => {
    await store?.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  },
);
