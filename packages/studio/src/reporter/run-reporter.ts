import type { GraphRunStart, GraphRunWatcher, RunStart, RunWatcher } from "@lode/core";
import type { Report } from "../protocol/reports.js";
import { reportedError } from "./reported-error.js";
import type { ResumableRuns } from "./resumable-runs.js";

/** Where a watcher's reports go (the sender's queue, content taken out when capture is off). */
export type ReportSink = (report: Report) => void;

export interface RunReporterSettings {
  report: ReportSink;
  resumable: ResumableRuns;
  rerunOf: string | undefined;
}

/**
 * Watches one run for the studio: each seam becomes a report, queued and never awaited. Model calls and
 * tool calls run exactly as they would unwatched: only their start and end are noted around them.
 */
export function reportRun(run: RunStart, settings: RunReporterSettings): RunWatcher {
  const { report, resumable } = settings;
  const { runId } = run;
  report({
    kind: "run-start",
    at: Date.now(),
    runId,
    agentName: run.agentName,
    agentDescription: run.agentDescription,
    agentPath: run.agentPath,
    parent: run.parent,
    modelId: run.modelId,
    sessionId: run.sessionId,
    resumable: !!run.sendDecisions,
    ...(settings.rerunOf ? { rerunOf: settings.rerunOf } : {}),
  });
  if (run.sendDecisions) resumable.add(runId, run.sendDecisions);
  return {
    modelCall: ({ step, request }) => {
      report({ kind: "model-call-start", at: Date.now(), runId, step, request });
      return {
        send: (send) => send(),
        firstChunk: () => report({ kind: "first-chunk", at: Date.now(), runId, step }),
        retry: ({ attempt, delayMs, code, message }) =>
          report({ kind: "model-retry", at: Date.now(), runId, step, attempt, delayMs, code, message }),
        end: (outcome) =>
          report({
            kind: "model-call-end",
            at: Date.now(),
            runId,
            step,
            outcome:
              outcome.status === "answered"
                ? outcome
                : { status: "failed", error: reportedError(outcome.error) },
          }),
      };
    },
    toolCall: async (call, runCall) => {
      const { toolUseId, toolName, step, input } = call;
      quietly(() => report({ kind: "tool-start", at: Date.now(), runId, step, toolUseId, toolName, input }));
      const outcome = await runCall();
      quietly(() => report({ kind: "tool-end", at: Date.now(), runId, toolUseId, outcome }));
      return outcome;
    },
    event: (event) => {
      report({ kind: "event", at: Date.now(), event });
      if (event.runId !== runId) return;
      if (event.type === "run-end") resumable.ended(runId, event.result.stopReason === "awaiting_approval");
      else if (event.type === "run-error") resumable.ended(runId, false);
    },
  };
}

/** Watches one graph run: its drawing as it starts, then each node's start and end. */
export function reportGraph(graph: GraphRunStart, report: ReportSink): GraphRunWatcher {
  const { runId } = graph;
  report({
    kind: "graph-start",
    at: Date.now(),
    runId,
    graph: graph.graph,
    sessionId: graph.sessionId,
    mermaid: graph.mermaid,
    resumed: graph.resumed,
  });
  return { event: (progress) => report({ kind: "graph-progress", at: Date.now(), runId, progress }) };
}

/** Reporting is never the tool call's problem. */
function quietly(work: () => void): void {
  try {
    work();
  } catch {
    // the call's outcome is what matters
  }
}
