// One process of the cross-process approval test: runs the trip agent once on a session kept in Redis.
// argv: endpoint, Redis URL, key prefix, session id, then either `ask <prompt>` or `decide <decisions JSON>`.
// Prints one JSON line: the run's stop reason, its waiting calls, text and call records (by step), and what
// this process's tools did.
import { Agent, type ApprovalDecision } from "@lode/core";
import { workerConnections } from "../../support/worker-process.js";
import { tripTools } from "./trip-tools.js";

const [endpoint = "", url = "", keyPrefix = "", sessionId = "", mode = "", argument = ""] =
  process.argv.slice(2);
const { client, store, close } = workerConnections(endpoint, url, keyPrefix);
const trip = tripTools();
const agent = new Agent({ modelId: "test-model", client, store, tools: trip.tools });
try {
  const input = mode === "decide" ? { decisions: JSON.parse(argument) as ApprovalDecision[] } : argument;
  const result = await agent.run(input, { sessionId });
  process.stdout.write(
    `${JSON.stringify({
      stopReason: result.stopReason,
      pendingApprovals: result.pendingApprovals,
      text: result.text,
      booked: trip.booked,
      weatherCalls: trip.weatherCalls,
      toolCalls: result.toolCalls.map((call) => [call.step, call.toolUseId, call.status]),
      steps: result.steps.map((step) => [step.step, step.toolCalls.map((call) => call.toolUseId)]),
    })}\n`,
  );
} finally {
  await close();
}
