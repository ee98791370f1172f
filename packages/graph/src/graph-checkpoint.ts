import {
  type AgentUsage,
  type ApprovalRequest,
  type ConversationStore,
  type Cost,
  callStore,
  LodeError,
  parseWithBytes,
  type StepUsage,
  type StoreCallBounds,
  stringifyWithBytes,
} from "@lode/core";
import type { GraphInterrupt, NodeRecord } from "./graph-result.js";
import type { TaskSpec } from "./graph-shape.js";

/** What a finished or paused task left for its step. */
export type TaskWrite =
  | { status: "done"; update: unknown; record: NodeRecord }
  | { status: "paused"; approvals: ApprovalRequest[]; interrupt?: GraphInterrupt };

/**
 * A graph's run at a step: its committed state, the step's tasks and what each finished one wrote (kept
 * when the run pauses or its process dies, so a finished node never runs again), the joins' progress, and
 * what the run has done and spent. Plain data (bytes as `$bytes`).
 */
export interface GraphCheckpoint {
  version: 1;
  graph: string;
  runId: string;
  sessionId: string | undefined;
  step: number;
  state: Record<string, unknown>;
  tasks: TaskSpec[];
  writes: Record<string, TaskWrite>;
  joins: Record<string, string[]>;
  nodes: NodeRecord[];
  usage: StepUsage;
  cost?: Cost;
  usageByAgent: AgentUsage[];
}

/** Keeps a graph run's checkpoints: written after every node and every step (`@lode/durable` keeps them in Redis). */
export interface GraphCheckpointer {
  save(checkpoint: GraphCheckpoint): Promise<void>;
}

/** The session metadata field that holds a paused graph run: Lode's, not yours. */
export const PAUSED_GRAPH_KEY = "lode:paused-graph";

/** The run a session's graph left paused, if any. */
export async function loadPausedGraph(
  store: ConversationStore,
  sessionId: string,
  bounds: StoreCallBounds,
): Promise<GraphCheckpoint | undefined> {
  const metadata = await callStore("read the session's metadata", bounds, () => store.getMetadata(sessionId));
  const text = metadata[PAUSED_GRAPH_KEY];
  if (text === undefined) return undefined;
  const checkpoint = parseWithBytes(text) as GraphCheckpoint;
  if (checkpoint?.version !== 1 || typeof checkpoint.writes !== "object")
    throw new LodeError("invalid-request", `Session ${sessionId}: its record of a paused graph is damaged.`);
  return checkpoint;
}

/** Keeps (or, given nothing, clears) the session's paused graph run, leaving the other metadata as it is. */
export async function savePausedGraph(
  store: ConversationStore,
  sessionId: string,
  checkpoint: GraphCheckpoint | undefined,
  bounds: StoreCallBounds,
): Promise<void> {
  const metadata = await callStore("read the session's metadata", bounds, () => store.getMetadata(sessionId));
  const { [PAUSED_GRAPH_KEY]: _previous, ...rest } = metadata;
  const next = checkpoint ? { ...rest, [PAUSED_GRAPH_KEY]: stringifyWithBytes(checkpoint) } : rest;
  await callStore("write the session's metadata", bounds, () => store.setMetadata(sessionId, next));
}
