// One agent worker: several runs on one session through a shared Redis or PostgreSQL store.
// argv: kind (redis | postgres), store location (URL), namespace (key prefix or schema), endpoint, session, label,
// runs. Prints "ready" once connected, waits for a line on stdin ("go": both workers start together, so
// their runs race whatever the machine's load), then prints how many appends met a conflict.
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type ConversationStore, LodeError } from "@lode/core";
import { PostgreSQLConversationStore, RedisConversationStore } from "@lode/memory";

const args = process.argv.slice(2);
const arg = (index: number): string => args[index] ?? "";
const [kind, location, namespace, endpoint, sessionId, label, runs] = [0, 1, 2, 3, 4, 5, 6].map(arg) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
const shared: ConversationStore & { close(): Promise<void> } =
  kind === "redis"
    ? new RedisConversationStore({ url: location, keyPrefix: namespace })
    : new PostgreSQLConversationStore({ connectionString: location, schema: namespace });
const client = new BedrockRuntimeClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
  maxAttempts: 1,
});
let conflicts = 0;
const store: ConversationStore = {
  load: (id) => shared.load(id),
  append: (id, messages, expectedVersion, options) =>
    shared.append(id, messages, expectedVersion, options).catch((error: unknown) => {
      if (LodeError.isInstance(error) && error.code === "conflict") conflicts++;
      throw error;
    }),
  delete: (id) => shared.delete(id),
  listSessions: () => shared.listSessions(),
  getMetadata: (id) => shared.getMetadata(id),
  setMetadata: (id, metadata) => shared.setMetadata(id, metadata),
};
const agent = new Agent({ modelId: "test-model", client, store });
await shared.load(sessionId);
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.pause();
try {
  for (let run = 0; run < Number(runs); run++) await agent.run(`${label} run ${run}`, { sessionId });
  process.stdout.write(`${conflicts}\n`);
} finally {
  client.destroy();
  await shared.close();
}
