import type { GraphNode } from "./nodes.js";

/** Where a graph starts: an edge from `START` names its first node (or nodes). */
export const START = "__start__";
/** Where a branch ends: a route may answer `END`. */
export const END = "__end__";

/** An edge of a graph, as built. */
export type GraphEdge<S> =
  /** `to` runs after `from` (after every one of `from`, when it is a list: a join). */
  | { kind: "fixed"; from: string[]; to: string }
  /** A function of the state chooses what runs after `from`: a node, several (in parallel), or `END`. */
  | {
      kind: "route";
      from: string;
      choose: (state: Readonly<S>) => string | readonly string[];
      /** What it may choose, as declared (for drawing). */
      targets?: string[];
    }
  /** One branch of `to` per item of the list `items` returns, after `from` (LangGraph's `Send`). */
  | { kind: "fan-out"; from: string; to: string; items: (state: Readonly<S>) => readonly unknown[] };

/** A graph's nodes and edges. */
export interface GraphShape<S> {
  nodes: ReadonlyMap<string, GraphNode<S>>;
  edges: readonly GraphEdge<S>[];
}

/** One run of a node in a step: which node, for which fan-out item. */
export interface TaskSpec {
  id: string;
  node: string;
  /** Set for a fan-out branch. */
  item?: unknown;
}
