import type { RunInput } from "@lode/core";

/** What the queue carries for one agent run: which agent, on what input, in which session. Plain JSON. */
export interface AgentRunJobData {
  /** Absent on jobs queued before graphs could be: those are agent runs too. */
  kind?: "agent";
  runId: string;
  /** The name the workers know the agent by (their `agents` map). */
  agent: string;
  /** The run's input, bytes as `{ "$bytes": … }`. */
  input: string;
  sessionId?: string;
}

/** What the queue carries for one graph run: which graph, from what state, in which session. Plain JSON. */
export interface GraphRunJobData {
  kind: "graph";
  runId: string;
  /** The name the workers know the graph by (their `graphs` map). */
  graph: string;
  /** The run's initial state, bytes as `{ "$bytes": … }`. */
  input: string;
  sessionId?: string;
}

/** What the queue carries for one run. */
export type RunJobData = AgentRunJobData | GraphRunJobData;

/** What a caller asks of the queue: a run of an agent. */
export interface EnqueueAgentRun {
  agent: string;
  graph?: never;
  input: RunInput;
  sessionId?: string;
  /** @default a new UUID */
  runId?: string;
}

/** What a caller asks of the queue: a run of a graph, from its initial state (checked by the graph). */
export interface EnqueueGraphRun {
  graph: string;
  agent?: never;
  input: Record<string, unknown>;
  /** Also the session of its agent nodes' runs, `${sessionId}/${taskId}`, in their agents' stores. */
  sessionId?: string;
  /** @default a new UUID */
  runId?: string;
}

/** What a caller asks of the queue: `{ agent, input }` or `{ graph, input }`. */
export type EnqueueRun = EnqueueAgentRun | EnqueueGraphRun;
