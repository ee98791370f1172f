// The desk's tech agent (with its docs sub-agent) served over A2A, in a process of its own: another desk's
// triage hands tech questions to it across the network. Prints the agent's A2A URL, then serves until stopped.
// Against bedrock-local by default (its own script), or Amazon Bedrock with LODE_MODEL_ID and credentials.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveA2A } from "@lode/a2a";
import { InMemoryConversationStore } from "@lode/core";
import { createDesk } from "./desk-agents.js";
import { openTechBackend } from "./tech-backend.js";

const backend = await openTechBackend();
const desk = createDesk({
  models: backend.models,
  store: new InMemoryConversationStore(),
  client: backend.client,
});
const http = createServer();
await new Promise<void>((resolve) => http.listen(Number(process.env.TECH_PORT ?? 0), "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/a2a`;
const served = serveA2A(desk.tech, { url });
http.on("request", served.listener);
process.stdout.write(`tech agent served over A2A at ${url}\n`);
const stop = async () => {
  http.close();
  await served.close();
  await backend.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
