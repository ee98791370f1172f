import type {
  AgentEvent,
  AgentPath,
  AgentUsage,
  ApprovalRequest,
  Cost,
  LodeErrorCode,
  RunCheckpointer,
  RunResumption,
  StepUsage,
} from "@lode/core";

/*
 * What a worker needs of a graph, named structurally: this package depends on core alone, so a `Graph` of
 * `@lode/graph` fits these types without either package importing the other (the durable tests check that
 * it does, at compile time).
 */

/**
 * A graph run's checkpoint as a worker keeps it (`GraphCheckpoint` of `@lode/graph`): plain data stored
 * whole, under its run's id. A worker that takes the run over reads what finished from it.
 */
export interface DurableGraphCheckpoint {
  version: number;
  runId: string;
  /** The step (superstep) it stands at. */
  step: number;
  /** The step's tasks. */
  tasks: { id: string; node: string }[];
  /** What the step's finished (or paused) tasks wrote, by task id. */
  writes: Record<string, { status: "done" | "paused"; update?: unknown; record?: GraphNodeRun }>;
  /** The node runs of the steps before. */
  nodes: GraphNodeRun[];
}

/**
 * The options of a graph's run that a worker passes (each optional, as a graph takes them: a worker passes
 * them all, and `recover` when it takes a run over).
 */
export interface DurableGraphRunOptions {
  runId?: string;
  sessionId?: string;
  signal?: AbortSignal;
  /** Written after every node and every step. */
  checkpointer?: { save(checkpoint: DurableGraphCheckpoint): Promise<void> };
  /** Where agent nodes checkpoint their own runs (runIds `${graphRunId}:${taskId}`). */
  agentCheckpoints?: {
    checkpointer: RunCheckpointer;
    load(runId: string): Promise<RunResumption | undefined>;
  };
  /** A run taken over: goes on from its last checkpoint, its finished nodes not run again. */
  recover?: DurableGraphCheckpoint;
}

/** One run of a node, as a graph's result lists it. */
export interface GraphNodeRun {
  node: string;
  taskId: string;
  step: number;
  item?: unknown;
  update: unknown;
  durationMs: number;
  usage?: StepUsage;
  cost?: Cost;
}

/** A graph run's result, as a worker stores it (`GraphResult` of `@lode/graph`). */
export interface GraphRunResult<S = Record<string, unknown>> {
  runId: string;
  sessionId: string | undefined;
  status: "done" | "paused" | "max_steps";
  state: S;
  nodes: GraphNodeRun[];
  steps: number;
  usage: StepUsage;
  cost: Cost | undefined;
  usageByAgent: AgentUsage[];
  pendingApprovals: ApprovalRequest[];
  interrupts: { taskId: string; node: string; question: unknown }[];
  durationMs: number;
}

/** What a graph's own events carry: its run, its step (superstep, from 0), its path (`[graph]`). */
export interface GraphRunEventBase {
  runId: string;
  step: number;
  agentPath: AgentPath;
}

/** A graph's own events (`GraphOwnEvent` of `@lode/graph`); its agent nodes' events are `AgentEvent`s. */
export type GraphRunEvent =
  | (GraphRunEventBase & { type: "graph-start"; graph: string; sessionId?: string; resumed: boolean })
  | (GraphRunEventBase & { type: "node-start"; node: string; taskId: string; item?: unknown })
  | (GraphRunEventBase & {
      type: "node-end";
      node: string;
      taskId: string;
      status: "done" | "paused";
      update?: unknown;
      durationMs: number;
    })
  | (GraphRunEventBase & { type: "graph-end"; result: GraphRunResult<unknown> })
  | (GraphRunEventBase & { type: "graph-error"; code: LodeErrorCode; message: string; error: Error });

/** What a durable run's stream carries: an agent run's events, or a graph run's (its own and its agents'). */
export type DurableRunEvent = AgentEvent | GraphRunEvent;

/** A graph a worker runs (a `Graph` of `@lode/graph`), by the name runs are queued with. */
export interface DurableGraph {
  readonly name: string;
  stream(
    input: never,
    options?: DurableGraphRunOptions,
  ): AsyncIterable<DurableRunEvent> & { readonly result: Promise<GraphRunResult<unknown>> };
}

const GRAPH_EVENT_TYPES: ReadonlySet<string> = new Set<GraphRunEvent["type"]>([
  "graph-start",
  "node-start",
  "node-end",
  "graph-end",
  "graph-error",
]);

/** Whether an event is a graph's own (not one of its agent nodes'). */
export function isGraphRunEvent(event: DurableRunEvent): event is GraphRunEvent {
  return GRAPH_EVENT_TYPES.has(event.type);
}
