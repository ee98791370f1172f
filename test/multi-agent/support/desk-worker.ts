// One process of the cross-process handoff test: one user message to the desk's entry agent (triage), on a
// session kept in Redis. argv: endpoint, Redis URL, key prefix, session id, message.
// Prints one JSON line: who spoke in each step, the handoffs, the text and what this process's tools did.
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { RedisConversationStore } from "@lode/memory";
import { type DeskLog, deskAgents } from "./desk.js";

const [endpoint = "", url = "", keyPrefix = "", sessionId = "", message = ""] = process.argv.slice(2);
const store = new RedisConversationStore({ url, keyPrefix });
const client = new BedrockRuntimeClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
  maxAttempts: 1,
});
const log: DeskLog = { lookups: [], refunds: [] };
const { triage } = deskAgents(client, store, log);
try {
  const handoffs: string[] = [];
  const stream = triage.stream(message, { sessionId });
  for await (const event of stream) if (event.type === "handoff") handoffs.push(`${event.from}->${event.to}`);
  const result = await stream.result;
  process.stdout.write(
    `${JSON.stringify({
      speakers: result.steps.map((step) => step.agentPath.join("/")),
      handoffs,
      stopReason: result.stopReason,
      text: result.text,
      ...log,
    })}\n`,
  );
} finally {
  client.destroy();
  await store.close();
}
