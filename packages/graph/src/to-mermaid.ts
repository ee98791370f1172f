import { END, type GraphShape, START } from "./graph-shape.js";

/**
 * The graph as a Mermaid flowchart: fixed edges as arrows (a join's sources each pointing at it), a route's
 * declared targets as dotted arrows, a fan-out as a thick arrow labelled "each".
 */
export function toMermaid<S>(shape: GraphShape<S>): string {
  const id = (name: string) =>
    name === START ? "__start__" : name === END ? "__end__" : name.replace(/[^A-Za-z0-9_]/g, "_");
  const lines = ["flowchart TD", "  __start__([start])", "  __end__([end])"];
  for (const name of shape.nodes.keys()) lines.push(`  ${id(name)}["${name}"]`);
  for (const edge of shape.edges) {
    switch (edge.kind) {
      case "fixed":
        for (const from of edge.from) lines.push(`  ${id(from)} --> ${id(edge.to)}`);
        break;
      case "route":
        for (const to of edge.targets ?? []) lines.push(`  ${id(edge.from)} -.-> ${id(to)}`);
        break;
      case "fan-out":
        lines.push(`  ${id(edge.from)} == each ==> ${id(edge.to)}`);
        break;
    }
  }
  return `${lines.join("\n")}\n`;
}
