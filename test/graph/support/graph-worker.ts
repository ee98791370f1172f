// One process of the cross-process graph approval test: starts the buying graph on a session in Redis, or
// resumes it with decisions. argv: endpoint, Redis URL, key prefix, session id, `start` or `decide <JSON>`.
// Prints one JSON line: the status, what waits, the state, the nodes that ran here and what the tools did.
import type { ApprovalDecision } from "@lode/core";
import { workerConnections } from "../../support/worker-process.js";
import { buyingGraph, type GraphLog } from "./approval-graph.js";

const [endpoint = "", url = "", keyPrefix = "", sessionId = "", mode = "", argument = ""] =
  process.argv.slice(2);
const { client, store, close } = workerConnections(endpoint, url, keyPrefix);
const log: GraphLog = { priced: [], ordered: [] };
const buying = buyingGraph(client, store, log);
try {
  const stream =
    mode === "decide"
      ? buying.resume({ decisions: JSON.parse(argument) as ApprovalDecision[] }, { sessionId })
      : buying.stream({ item: "rope", notes: [] }, { sessionId });
  const ran: string[] = [];
  for await (const event of stream) if (event.type === "node-end") ran.push(`${event.node}:${event.status}`);
  const result = await stream.result;
  process.stdout.write(
    `${JSON.stringify({
      status: result.status,
      pendingApprovals: result.pendingApprovals,
      state: result.state,
      ran,
      nodes: result.nodes.map((node) => node.node),
      ...log,
    })}\n`,
  );
} finally {
  await close();
}
