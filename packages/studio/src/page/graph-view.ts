import mermaid from "mermaid";
import type { GraphView } from "../protocol/run-record.js";
import { el } from "./dom.js";
import { mermaidId, type NodeStatus, nodeStatuses, withStatuses } from "./graph-status.js";

let renders = 0;

/**
 * A graph run's drawing: `toMermaid()`'s flowchart with each node coloured by its tasks' status (running
 * wins, else the latest task's). Re-rendered only when the drawing or a status changed; `dark` picks
 * Mermaid's dark theme.
 */
export function createGraphView(): { element: HTMLElement; update(graph: GraphView, dark: boolean): void } {
  const element = el("section", { class: "graph-view", testid: "graph-view", "aria-label": "Graph" });
  let shown = "";
  return {
    element,
    update(graph, dark) {
      const statuses = nodeStatuses(graph);
      const text = withStatuses(graph.mermaid, statuses);
      const key = `${dark}\n${text}`;
      if (key === shown) return;
      shown = key;
      void draw(element, text, statuses, dark).catch((error: unknown) => {
        element.replaceChildren(
          el(
            "p",
            { class: "error-text" },
            `Could not draw the graph: ${error instanceof Error ? error.message : String(error)}`,
          ),
          el("pre", { class: "json" }, graph.mermaid),
        );
      });
    },
  };
}

async function draw(
  element: HTMLElement,
  text: string,
  statuses: Map<string, NodeStatus>,
  dark: boolean,
): Promise<void> {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  const { svg } = await mermaid.render(`lode-graph-${++renders}`, text);
  // Mermaid's output is sanitized (securityLevel "strict"), so setting it as markup is safe.
  element.innerHTML = svg;
  const byId = new Map([...statuses].map(([name, status]) => [mermaidId(name), { name, status }]));
  for (const node of element.querySelectorAll<SVGGElement>("g.node")) {
    const id = /flowchart-(.+)-\d+$/.exec(node.id)?.[1];
    if (!id) continue;
    node.dataset.testid = "graph-node";
    node.dataset.node = id;
    node.dataset.status = byId.get(id)?.status ?? "pending";
  }
}
