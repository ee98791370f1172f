import type { UINodeData } from "@lode/graph";
import { el } from "./dom.js";
import { formatMs } from "./format.js";

/** One task of a graph's run in the progress list: its node, its item, its state, and its agent's text. */
export interface GraphNodeRow {
  readonly element: HTMLLIElement;
  /** The task's latest state (a `data-node` part's data: later ones replace earlier ones). */
  update(data: UINodeData): void;
  /** Where the task's agent writes: a block under the node, made when its first text arrives. */
  textBlock(): HTMLElement;
  /** The page ended the turn while the task ran: it shows as stopped. */
  stop(): void;
}

export function createGraphNodeRow(data: UINodeData): GraphNodeRow {
  const icon = el("span", { class: "node-icon", "aria-hidden": "true" });
  const state = el("span", { class: "node-state", testid: "node-state" });
  const item = el("span", { class: "node-item", testid: "node-item" });
  const head = el(
    "div",
    { class: "node-head" },
    icon,
    el("span", { class: "node-name", testid: "node-name" }, data.node),
    item,
    state,
  );
  const element = el(
    "li",
    { class: "graph-node", testid: "graph-node", "data-node": data.node, "data-task-id": data.taskId },
    head,
  );
  let text: HTMLElement | undefined;
  const show = (status: string, iconText: string, stateText: string) => {
    // Only a change: the first chunk of a task makes its row, and is given to it again.
    if (element.dataset.status !== status) element.dataset.status = status;
    icon.textContent = iconText;
    state.textContent = stateText;
  };
  const update = (next: UINodeData) => {
    // A node-start names the item; its node-end does not repeat it.
    if (next.item !== undefined) item.textContent = describeItem(next.item);
    if (next.status === "running") show("running", "", "running");
    else if (next.status === "done")
      show("done", "✓", next.durationMs === undefined ? "done" : `done · ${formatMs(next.durationMs)}`);
    else show("paused", "⏸", "paused");
  };
  update(data);
  return {
    element,
    update,
    textBlock() {
      text ??= element.appendChild(el("div", { class: "node-text", testid: "node-text" }));
      return text;
    },
    stop() {
      if (element.dataset.status === "running") show("stopped", "■", "stopped");
    },
  };
}

/** A fan-out item as a short label: strings as they are, anything else as (cut) JSON. */
function describeItem(item: unknown): string {
  const text = typeof item === "string" ? item : (JSON.stringify(item) ?? String(item));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
