import { LodeError } from "@lode/core";
import type { z } from "zod";
import { Graph } from "./graph.js";
import type { GraphOptions } from "./graph-options.js";
import { END, type GraphEdge, START } from "./graph-shape.js";
import type { GraphNode, NodeFunction } from "./nodes.js";
import type { StateSchema } from "./state.js";

export type { GraphOptions } from "./graph-options.js";

/**
 * Builds a graph: `graph({ name, state }).node("plan", …).edge(START, "plan")…build()`. Node names are
 * typed: an edge or a route to a node that was not added does not compile.
 */
export class GraphBuilder<S extends Record<string, unknown>, N extends string = never> {
  private readonly nodes = new Map<string, GraphNode<S>>();
  private readonly edges: GraphEdge<S>[] = [];

  constructor(private readonly options: GraphOptions<StateSchema>) {}

  /** Adds a node: a function of the state, or `agentNode(…)`, or `graphNode(…)`. */
  node<K extends string>(name: K, node: GraphNode<S> | NodeFunction<S>): GraphBuilder<S, N | K> {
    if (name === START || name === END || this.nodes.has(name))
      throw new LodeError(
        "invalid-config",
        `Graph "${this.options.name}" has a node "${name}" already, or the name is reserved.`,
      );
    this.nodes.set(name, typeof node === "function" ? { kind: "function", run: node } : node);
    return this as unknown as GraphBuilder<S, N | K>;
  }

  /** `to` runs after `from`; after every node of `from` when it is a list (a join: it waits for them all). */
  edge(from: typeof START | N | readonly N[], to: N | typeof END): this {
    this.edges.push({ kind: "fixed", from: typeof from === "string" ? [from] : [...from], to });
    return this;
  }

  /**
   * After `from`, `choose` picks what runs next from the state: a node, several at once, or `END`. `targets`
   * lists what it may pick, for `toMermaid()` to draw (a function cannot be read).
   */
  route(
    from: typeof START | N,
    choose: (state: Readonly<S>) => N | typeof END | readonly (N | typeof END)[],
    targets?: readonly (N | typeof END)[],
  ): this {
    this.edges.push({ kind: "route", from, choose, ...(targets ? { targets: [...targets] } : {}) });
    return this;
  }

  /** After `from`, one branch of `to` per item of `items(state)`, run in parallel; each sees its item. */
  fanOut(from: typeof START | N, to: N, items: (state: Readonly<S>) => readonly unknown[]): this {
    this.edges.push({ kind: "fan-out", from, to, items });
    return this;
  }

  /** The graph, checked: every edge names nodes it has, and something starts it. */
  build(): Graph<S> {
    const known = new Set([...this.nodes.keys(), START, END]);
    for (const edge of this.edges) {
      const named =
        edge.kind === "fixed"
          ? [...edge.from, edge.to]
          : edge.kind === "fan-out"
            ? [edge.from, edge.to]
            : [edge.from];
      const unknown = named.find((name) => !known.has(name));
      if (unknown !== undefined)
        throw new LodeError(
          "invalid-config",
          `Graph "${this.options.name}": an edge names "${unknown}", which is no node of it.`,
        );
    }
    if (!this.edges.some((edge) => (edge.kind === "fixed" ? edge.from.includes(START) : edge.from === START)))
      throw new LodeError(
        "invalid-config",
        `Graph "${this.options.name}" has no edge from START: nothing would run.`,
      );
    return new Graph<S>(this.options, { nodes: this.nodes, edges: this.edges });
  }
}

/** Starts building a graph over the state `options.state`. */
export function graph<Schema extends StateSchema>(
  options: GraphOptions<Schema>,
): GraphBuilder<z.infer<Schema>> {
  return new GraphBuilder<z.infer<Schema>>(options);
}
