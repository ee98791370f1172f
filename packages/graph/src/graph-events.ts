import type { AgentEvent, AgentPath, LodeErrorCode } from "@lode/core";
import type { GraphResult } from "./graph-result.js";

/** Fields the graph's own events carry: its run, its step (superstep, from 0), its path (`[graph]`). */
export interface GraphEventBase {
  runId: string;
  step: number;
  agentPath: AgentPath;
}

/** The graph's own events: its start and end, and each node's start and end (a progress a UI can show). */
export type GraphOwnEvent =
  | (GraphEventBase & { type: "graph-start"; graph: string; sessionId?: string; resumed: boolean })
  | (GraphEventBase & { type: "node-start"; node: string; taskId: string; item?: unknown })
  | (GraphEventBase & {
      type: "node-end";
      node: string;
      taskId: string;
      /** `paused`: the node waits for a person (an approval inside its agent, or its interrupt). */
      status: "done" | "paused";
      update?: unknown;
      durationMs: number;
    })
  | (GraphEventBase & { type: "graph-end"; result: GraphResult<unknown> })
  | (GraphEventBase & { type: "graph-error"; code: LodeErrorCode; message: string; error: Error });

/**
 * Everything a graph's run reports: its own events, and every event of its agent nodes' runs as they are
 * (their `agentPath` is `[graph, node, agent…]`, their `run-start` names the node's task as `parent`).
 */
export type GraphEvent = AgentEvent | GraphOwnEvent;
