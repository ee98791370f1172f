// One process of the cross-process sub-agent approval test: one run of the supervisor on a session kept in
// Redis. argv: endpoint, Redis URL, key prefix, session id, then `ask <message>` or `decide <decisions JSON>`.
// Prints one JSON line: the run's stop reason, its waiting calls, text, calls, and what the tools did here.
import type { ApprovalDecision } from "@lode/core";
import { workerConnections } from "../../support/worker-process.js";
import { type SupervisorLog, supervisorAgents } from "./supervisor.js";

const [endpoint = "", url = "", keyPrefix = "", sessionId = "", mode = "", argument = ""] =
  process.argv.slice(2);
const { client, store, close } = workerConnections(endpoint, url, keyPrefix);
const log: SupervisorLog = { closed: [], met: [] };
const { support } = supervisorAgents(client, store, log);
try {
  const input = mode === "decide" ? { decisions: JSON.parse(argument) as ApprovalDecision[] } : argument;
  const events: string[] = [];
  const stream = support.stream(input, { sessionId });
  for await (const event of stream)
    if (
      event.type === "approval-requested" ||
      event.type === "approval-decided" ||
      event.type === "tool-result"
    )
      events.push(`${event.agentPath.join("/")} ${event.type} ${event.toolName}`);
  const result = await stream.result;
  process.stdout.write(
    `${JSON.stringify({
      stopReason: result.stopReason,
      pendingApprovals: result.pendingApprovals,
      text: result.text,
      toolCalls: result.toolCalls.map((call) => [call.agentPath.join("/"), call.toolName, call.status]),
      events,
      ...log,
    })}\n`,
  );
} finally {
  await close();
}
