import type {
  AgentEvent,
  OutputOf,
  ParentRun,
  RunCheckpointer,
  RunInput,
  RunResult,
  RunResumption,
  StandardSchemaV1,
} from "@lode/core";

/** What a node sees while it runs. */
export interface NodeContext {
  /** The node's name. */
  node: string;
  /** This run of the node (`{step}:{node}:{index}`), stable across a pause or a crash. */
  taskId: string;
  /** The graph's run. */
  runId: string;
  /** The graph's step (superstep) the node runs in, from 0. */
  step: number;
  /** The fan-out item this branch runs for, when a fan-out started it. */
  item: unknown;
  /** Aborted when the graph's run is aborted. */
  signal: AbortSignal;
  /**
   * Pauses the graph here, asking a person (or a program) `question`: the graph ends `"paused"` with it in
   * `result.interrupts`; a later run with `{ answers: { [taskId]: value } }` runs this node again from its
   * start, and this call then returns the answer.
   */
  interrupt<T = unknown>(question: unknown): T;
}

/** A function of the state: returns the update it makes (keys of the state), or nothing. */
export type NodeFunction<S> = (
  state: Readonly<S>,
  context: NodeContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: a node that only reads (or only interrupts) returns nothing.
) => Partial<S> | undefined | void | Promise<Partial<S> | undefined | void>;

/** What an agent node needs of an agent: an `Agent` (named structurally). */
export interface AgentLike {
  readonly options: { readonly name?: string };
  stream<O extends StandardSchemaV1 | undefined>(
    input: RunInput,
    options: AgentNodeRunOptions<O>,
  ): AsyncIterable<AgentEvent> & { readonly result: Promise<RunResult<unknown>> };
}

/** The run options an agent node passes (a subset of `RunOptions`). */
export interface AgentNodeRunOptions<O> {
  signal: AbortSignal;
  parent: ParentRun;
  runId?: string;
  sessionId?: string;
  output?: O;
  checkpointer?: RunCheckpointer;
  resume?: RunResumption;
}

/** An agent as a node: what it is given of the state, and what its result writes back. */
export interface AgentNodeOptions<S, O extends StandardSchemaV1 | undefined> {
  /** Its run's input, from the state (and the fan-out item, in a fan-out branch). */
  input: (state: Readonly<S>, item: unknown) => RunInput;
  /** A structured output the agent must give (`result.output`). */
  output?: O;
  /** The update its result makes. @default nothing */
  update?: (result: RunResult<OutputOf<O>>, state: Readonly<S>, item: unknown) => Partial<S> | undefined;
}

/** A graph as a node of another: the sub-graph's input from the state, and what its final state writes back. */
export interface GraphNodeOptions<S, Sub> {
  input: (state: Readonly<S>, item: unknown) => Partial<Sub>;
  update?: (subState: Sub, state: Readonly<S>, item: unknown) => Partial<S> | undefined;
}

/** A node of a graph over state `S`. */
export type GraphNode<S> =
  | { kind: "function"; run: NodeFunction<S> }
  | { kind: "agent"; agent: AgentLike; options: AgentNodeOptions<S, StandardSchemaV1 | undefined> }
  | {
      kind: "graph";
      graph: SubGraph<Record<string, unknown>>;
      options: GraphNodeOptions<S, Record<string, unknown>>;
    };

/** What a graph node needs of the graph it runs (a `Graph`, named structurally). */
export interface SubGraph<Sub> {
  readonly name: string;
  runAsNode(
    input: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: a sub-graph's events are the caller's kind of event.
    context: { signal: AbortSignal; parent: ParentRun; emit: (event: any) => void },
  ): Promise<{ state: Sub } & Pick<RunResult<unknown>, "usage" | "cost" | "usageByAgent">>;
}

/** An agent as a node: `agentNode(planner, { input: (s) => s.question, update: (r) => ({ plan: r.text }) })`. */
export function agentNode<S, O extends StandardSchemaV1 | undefined = undefined>(
  agent: AgentLike,
  options: AgentNodeOptions<S, O>,
): GraphNode<S> {
  return { kind: "agent", agent, options: options as AgentNodeOptions<S, StandardSchemaV1 | undefined> };
}

/** A graph as a node of another. */
export function graphNode<S, Sub extends Record<string, unknown>>(
  graph: SubGraph<Sub>,
  options: GraphNodeOptions<S, Sub>,
): GraphNode<S> {
  return {
    kind: "graph",
    graph: graph as unknown as SubGraph<Record<string, unknown>>,
    options: options as unknown as GraphNodeOptions<S, Record<string, unknown>>,
  };
}
