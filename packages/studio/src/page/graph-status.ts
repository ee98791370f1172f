import type { GraphView } from "../protocol/run-record.js";

export type NodeStatus = "running" | "done" | "paused";

/** Mermaid's node id for a graph node's name, as `toMermaid()` writes it. */
export const mermaidId = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

/** Each node's status from its tasks: running while any task runs, else its latest task's. */
export function nodeStatuses(graph: GraphView): Map<string, NodeStatus> {
  const statuses = new Map<string, NodeStatus>();
  for (const task of [...graph.tasks].sort((a, b) => a.startedAt - b.startedAt)) {
    if (statuses.get(task.node) === "running") continue;
    statuses.set(task.node, task.status);
  }
  return statuses;
}

/** The drawing with `classDef`s for the statuses and a `class` line per status naming its nodes. */
export function withStatuses(text: string, statuses: Map<string, NodeStatus>): string {
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
