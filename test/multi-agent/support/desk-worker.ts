// One process of the cross-process handoff test: one user message to the desk's entry agent (triage), on a
// session kept in Redis. argv: endpoint, Redis URL, key prefix, session id, message.
// Prints one JSON line: who spoke in each step, the handoffs, the text and what this process's tools did.

import { workerConnections } from "../../support/worker-process.js";
import { type DeskLog, deskAgents } from "./desk.js";

const [endpoint = "", url = "", keyPrefix = "", sessionId = "", message = ""] = process.argv.slice(2);
const { client, store, close } = workerConnections(endpoint, url, keyPrefix);
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
  await close();
}
