import mermaid from "mermaid";
import type { GraphView } from "../protocol/run-record.js";
import { el } from "./dom.js";

type NodeStatus = "running" | "done" | "paused";

/** Mermaid's node id for a graph node's name, as `toMermaid()` writes it. */
const mermaidId = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

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

function nodeStatuses(graph: GraphView): Map<string, NodeStatus> {
  const statuses = new Map<string, NodeStatus>();
  for (const task of [...graph.tasks].sort((a, b) => a.startedAt - b.startedAt)) {
    if (statuses.get(task.node) === "running") continue;
    statuses.set(task.node, task.status);
  }
  return statuses;
}

/** The drawing with `classDef`s for the statuses and a `class` line per status naming its nodes. */
function withStatuses(text: string, statuses: Map<string, NodeStatus>): string {
  const lines = [
    text.trimEnd(),
    "  classDef lodeRunning fill:#dbe6ff,stroke:#2f5bea,stroke-width:3px,color:#10204f",
    "  classDef lodeDone fill:#dcf3e5,stroke:#1f7a4d,stroke-width:2px,color:#0d3320",
    "  classDef lodePaused fill:#fff1c9,stroke:#8a5a00,stroke-width:2px,stroke-dasharray:4 3,color:#3d2800",
  ];
  const names: Record<NodeStatus, string> = {
    running: "lodeRunning",
    done: "lodeDone",
    paused: "lodePaused",
  };
  for (const status of ["running", "done", "paused"] as const) {
    const ids = [...statuses].filter(([, s]) => s === status).map(([name]) => mermaidId(name));
    if (ids.length) lines.push(`  class ${ids.join(",")} ${names[status]}`);
  }
  return `${lines.join("\n")}\n`;
}
