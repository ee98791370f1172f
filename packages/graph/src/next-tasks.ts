import { END, type GraphShape, START, type TaskSpec } from "./graph-shape.js";

/**
 * The tasks of the next step, from the nodes the last step finished (`START` for the first): a fixed edge
 * whose every source has finished since its target last ran (`joins` keeps what a join has seen), each
 * route's choice, one task per fan-out item. A node reached twice without an item runs once.
 */
export function nextTasks<S>(
  shape: GraphShape<S>,
  state: Readonly<S>,
  finished: readonly string[],
  joins: Record<string, string[]>,
  step: number,
): TaskSpec[] {
  const done = new Set(finished);
  const planned: { node: string; item?: unknown; hasItem: boolean }[] = [];
  const plain = new Set<string>();
  const add = (node: string) => {
    if (node === END || plain.has(node)) return;
    plain.add(node);
    planned.push({ node, hasItem: false });
  };
  shape.edges.forEach((edge, index) => {
    switch (edge.kind) {
      case "fixed": {
        if (edge.from.length === 1) {
          if (done.has(edge.from[0] as string)) add(edge.to);
          return;
        }
        const key = String(index);
        const seen = new Set([...(joins[key] ?? []), ...edge.from.filter((from) => done.has(from))]);
        if (edge.from.every((from) => seen.has(from))) {
          delete joins[key];
          add(edge.to);
        } else if (seen.size > 0) joins[key] = [...seen];
        return;
      }
      case "route": {
        if (!done.has(edge.from)) return;
        const chosen = edge.choose(state);
        for (const node of typeof chosen === "string" ? [chosen] : chosen) add(node);
        return;
      }
      case "fan-out":
        if (!done.has(edge.from)) return;
        for (const item of edge.items(state)) planned.push({ node: edge.to, item, hasItem: true });
    }
  });
  const counts = new Map<string, number>();
  return planned.map(({ node, item, hasItem }) => {
    const index = counts.get(node) ?? 0;
    counts.set(node, index + 1);
    return { id: `${step}:${node}:${index}`, node, ...(hasItem ? { item } : {}) };
  });
}

export { START };
