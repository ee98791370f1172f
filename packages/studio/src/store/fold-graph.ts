import type { ReportOf } from "../protocol/reports.js";
import type { RunEntry } from "./run-entry.js";

/** A graph's progress: each node's task starts and ends, then the graph ends (done, paused) or fails. */
export function foldGraphProgress(entry: RunEntry, report: ReportOf<"graph-progress">): void {
  const { record } = entry;
  const graph = record.graph;
  if (!graph) return;
  const progress = report.progress;
  switch (progress.type) {
    case "node-start":
      graph.tasks.push({
        taskId: progress.taskId,
        node: progress.node,
        step: progress.step,
        status: "running",
        startedAt: report.at,
      });
      return;
    case "node-end": {
      const task = graph.tasks.findLast((each) => each.taskId === progress.taskId);
      if (!task) return;
      task.status = progress.status;
      task.endedAt = report.at;
      return;
    }
    case "graph-end":
      record.status = progress.status === "paused" ? "paused" : "done";
      record.stopReason = progress.status;
      record.endedAt = report.at;
      return;
    case "graph-error":
      record.status = "failed";
      record.stopReason = "error";
      record.error = { code: progress.code, message: progress.message };
      record.endedAt = report.at;
      return;
  }
}
