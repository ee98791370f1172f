import type { AgentPath } from "@lode/core";
import { agentTakeover } from "./agent-takeover.js";
import type { DurableGraphCheckpoint, DurableRunEvent, GraphRunEvent } from "./durable-graph.js";
import type { RunAttempt } from "./run-attempt.js";
import type { RunStreamItem } from "./run-events.js";

/** The agent run of a graph's agent node (`@lode/graph` names it so). */
export function agentRunIdOf(graphRunId: string, taskId: string): string {
  return `${graphRunId}:${taskId}`;
}

/**
 * Marks a graph run taken over in its stream and brings the stream level with its checkpoint: the `resumed`
 * entry lists the started nodes that go on (each agent node's partial step to discard, as for an agent
 * run), then come the ends of nodes that finished but whose `node-end` never reached the stream, and the
 * results of calls answered inside agent nodes that never did either. Returns what the new attempt's
 * events pass through: what the stream holds already (the graph's start, a node's start, an agent run's
 * start, a finished step's message) is not streamed twice.
 */
export async function takeOverGraph(
  attempt: RunAttempt,
  graph: string,
  recover: DurableGraphCheckpoint | undefined,
  written: readonly RunStreamItem<DurableRunEvent>[],
): Promise<(event: DurableRunEvent) => boolean> {
  const { runId } = attempt;
  const events = written.flatMap(({ id, entry }) =>
    entry.kind === "event" ? [{ id, event: entry.event }] : [],
  );
  const own = (type: GraphRunEvent["type"]) =>
    events.flatMap(({ event }) => (event.type === type ? [event as GraphRunEvent & { taskId: string }] : []));
  const started = new Map(own("node-start").map((event) => [event.taskId, event]));
  const ended = new Set(own("node-end").map((event) => event.taskId));
  const path: AgentPath = own("graph-start")[0]?.agentPath ?? [graph];
  const writes = recover?.writes ?? {};
  const finished = new Set([...(recover?.nodes ?? []).map((node) => node.taskId), ...Object.keys(writes)]);

  const goingOn = [...started.keys()].filter((taskId) => !ended.has(taskId) && !finished.has(taskId));
  const tasks: { taskId: string; discardsAfter?: string }[] = [];
  const missing: DurableRunEvent[] = [];
  // Agent runs whose step's results message (and, in the first set, its end) the stream holds already.
  const stepEnded = new Set<string>();
  const resultsStreamed = new Set<string>();
  for (const taskId of goingOn) {
    const agentRunId = agentRunIdOf(runId, taskId);
    const ofRun = events.filter(({ event }) => event.runId === agentRunId);
    if (ofRun.length === 0) {
      tasks.push({ taskId });
      continue;
    }
    const resume = await attempt.checkpoints.load(agentRunId);
    const taken = agentTakeover(agentRunId, resume, ofRun, ofRun.at(-1)?.id);
    tasks.push({ taskId, ...(taken.discardsAfter ? { discardsAfter: taken.discardsAfter } : {}) });
    missing.push(...taken.missing);
    if (taken.stepAlreadyEnded) stepEnded.add(agentRunId);
    if (taken.resultsStreamed) resultsStreamed.add(agentRunId);
  }
  await attempt.events.append(runId, {
    kind: "resumed",
    attempt: attempt.job.attemptsStarted,
    step: recover?.step ?? 0,
    tasks,
  });
  for (const event of missing) await attempt.events.append(runId, { kind: "event", event });
  // Nodes the checkpoint has finished whose end the last worker never streamed: they will not run again.
  const records = [
    ...(recover?.nodes ?? []),
    ...Object.values(writes).flatMap((write) => (write.record ? [write.record] : [])),
  ];
  for (const record of records) {
    if (ended.has(record.taskId)) continue;
    const event: GraphRunEvent = {
      type: "node-end",
      runId,
      step: record.step,
      agentPath: path,
      node: record.node,
      taskId: record.taskId,
      status: "done",
      ...(record.update !== undefined ? { update: record.update } : {}),
      durationMs: record.durationMs,
    };
    await attempt.events.append(runId, { kind: "event", event });
  }

  const runsStarted = new Set(
    events.flatMap(({ event }) => (event.type === "run-start" ? [event.runId] : [])),
  );
  const runsEnded = new Set(events.flatMap(({ event }) => (event.type === "run-end" ? [event.runId] : [])));
  const graphEnded = own("graph-end").length > 0;
  return (event) => {
    switch (event.type) {
      case "graph-start":
        return false;
      case "graph-end":
        return !graphEnded;
      case "node-start":
        return !started.has(event.taskId);
      case "run-start":
        return !runsStarted.has(event.runId);
      case "run-end":
        return !runsEnded.has(event.runId);
      // The step a resumed agent node finishes is told once: what the stream holds of it is not told again.
      case "message":
        return !resultsStreamed.has(event.runId);
      case "step-end":
        return !stepEnded.has(event.runId);
      default:
        stepEnded.delete(event.runId);
        resultsStreamed.delete(event.runId);
        return true;
    }
  };
}
