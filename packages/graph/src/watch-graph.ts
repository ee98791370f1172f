import { type GraphProgress, type RunInstrumentation, startWatchingGraph } from "@lode/core";
import type { GraphEvent } from "./graph-events.js";

/**
 * What the graph's instrumentation sees of one run: started at its `graph-start`, then each of the run's own
 * node starts and ends and its end. A nested graph's events pass by: its own instrumentation watches it.
 */
export function watchGraph(
  instrumentation: RunInstrumentation | undefined,
  run: { runId: string; mermaid: () => string },
): ((event: GraphEvent) => void) | undefined {
  if (!instrumentation?.startGraph) return undefined;
  let watcher: ReturnType<typeof startWatchingGraph>;
  return (event) => {
    if (event.runId !== run.runId) return;
    if (event.type === "graph-start") {
      watcher = startWatchingGraph(instrumentation, {
        runId: run.runId,
        graph: event.graph,
        sessionId: event.sessionId,
        mermaid: run.mermaid(),
        resumed: event.resumed,
      });
      return;
    }
    const progress = progressOf(event);
    if (progress) watcher?.event(progress);
  };
}

function progressOf(event: GraphEvent): GraphProgress | undefined {
  const { runId, step } = event;
  switch (event.type) {
    case "node-start":
      return { type: "node-start", runId, step, node: event.node, taskId: event.taskId };
    case "node-end": {
      const { node, taskId, status, durationMs } = event;
      return { type: "node-end", runId, step, node, taskId, status, durationMs };
    }
    case "graph-end":
      return { type: "graph-end", runId, step, status: event.result.status };
    case "graph-error":
      return { type: "graph-error", runId, step, code: event.code, message: event.message };
    default:
      return undefined;
  }
}
