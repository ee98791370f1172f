import type { GraphUIMessageChunk, UINodeData } from "@lode/graph";
import { el } from "./dom.js";
import { formatMs } from "./format.js";
import { createGraphNodeRow, type GraphNodeRow } from "./graph-node-row.js";

/** Where a graph's turn is, as the page shows it (`data-status`). */
export type GraphTurnStatus = "running" | "completed" | "paused" | "aborted" | "failed";

/** The answer of a graph's run: its tasks as a progress list, each agent node's text under its node. */
export interface GraphTurn {
  readonly element: HTMLElement;
  readonly status: GraphTurnStatus;
  /** Whether the message reported its end (`finish`, `error` or `abort`). */
  readonly ended: boolean;
  handle(chunk: GraphUIMessageChunk): void;
  /** Ends the turn from the page's side: stopped by the person, or the connection failed. */
  finish(outcome: "aborted" | "failed", message?: string): void;
}

/**
 * Renders a graph's UI message: a `data-node` part per task (running, then done or paused; its later
 * chunks replace it), grouped by step so a step's parallel branches sit together, and the text parts each
 * agent node's run sends (marked with `providerMetadata.lode.parentToolCallId`, the task) under that task.
 */
export function createGraphTurn({ onChange }: { onChange: () => void }): GraphTurn {
  const label = el("div", { class: "agent-label", testid: "agent-label", hidden: "" });
  const steps = el("ol", { class: "graph-steps", testid: "graph-progress", "aria-label": "Progress" });
  const typing = el(
    "div",
    { class: "typing", testid: "typing", "aria-label": "Answering" },
    el("span"),
    el("span"),
    el("span"),
  );
  const notices = el("div", { class: "notices" });
  const summary = el("p", { class: "turn-meta graph-meta", testid: "graph-meta", hidden: "" });
  const element = el(
    "article",
    { class: "turn assistant graph-turn", testid: "assistant-turn", "data-status": "running" },
    el("div", { class: "avatar", "aria-hidden": "true" }, "L"),
    el("div", { class: "turn-main" }, label, steps, typing, notices, summary),
  );
  const startedAt = performance.now();
  const rows = new Map<string, GraphNodeRow>();
  const stepLists = new Map<number, HTMLOListElement>();
  /** Open text parts: where each one's deltas go. */
  const texts = new Map<string, HTMLElement>();
  /** Text of the graph's own (not an agent node's), if any: below the progress list. */
  let answer: HTMLElement | undefined;
  let status: GraphTurnStatus = "running";

  const rowFor = (data: UINodeData): GraphNodeRow => {
    let row = rows.get(data.taskId);
    if (row) return row;
    row = createGraphNodeRow(data);
    rows.set(data.taskId, row);
    let list = stepLists.get(data.step);
    if (!list) {
      list = el("ol", { class: "graph-tasks" });
      stepLists.set(data.step, list);
      steps.append(
        el(
          "li",
          { class: "graph-step", testid: "graph-step", "data-step": String(data.step) },
          el("p", { class: "graph-step-label", hidden: "" }),
          list,
        ),
      );
    }
    list.append(row.element);
    // Two or more tasks in one step run in parallel: the step says so, and lays them side by side.
    const step = list.parentElement as HTMLElement;
    const parallel = list.childElementCount > 1;
    step.dataset.parallel = String(parallel);
    const stepLabel = step.firstElementChild as HTMLElement;
    stepLabel.hidden = !parallel;
    stepLabel.textContent = `${list.childElementCount} in parallel`;
    return row;
  };

  /** A text part: under its task when an agent node's run sent it, else at the end of the turn. */
  const startText = (id: string, task: string | undefined) => {
    const row = task === undefined ? undefined : rows.get(task);
    if (!row && !answer) {
      answer = el("div", { class: "answer", testid: "answer" });
      steps.after(answer);
    }
    const span = el("span", { class: "text-block" });
    (row ? row.textBlock() : (answer as HTMLElement)).append(span);
    texts.set(id, span);
  };

  const notice = (kind: "stopped" | "error" | "awaiting", text: string) =>
    notices.append(
      el(
        "p",
        { class: `notice ${kind}`, testid: "graph-notice", role: kind === "error" ? "alert" : "status" },
        text,
      ),
    );

  const end = (outcome: Exclude<GraphTurnStatus, "running">) => {
    status = outcome;
    element.dataset.status = outcome;
    typing.remove();
    for (const row of rows.values()) row.stop();
    const stepCount = stepLists.size;
    summary.textContent = `${rows.size} ${rows.size === 1 ? "task" : "tasks"} in ${stepCount} ${stepCount === 1 ? "step" : "steps"} · ${formatMs(performance.now() - startedAt)}`;
    summary.hidden = false;
  };

  const handle = (chunk: GraphUIMessageChunk) => {
    if (status !== "running") return;
    switch (chunk.type) {
      case "start": {
        const graph = (chunk.messageMetadata as { agent?: string } | undefined)?.agent;
        if (graph) {
          label.textContent = `${graph} graph`;
          label.hidden = false;
          element.dataset.graph = graph;
        }
        break;
      }
      case "data-node":
        rowFor(chunk.data).update(chunk.data);
        break;
      case "text-start": {
        const marker = chunk.providerMetadata?.lode as { parentToolCallId?: string } | undefined;
        startText(chunk.id, marker?.parentToolCallId);
        break;
      }
      case "text-delta":
        texts.get(chunk.id)?.append(chunk.delta);
        break;
      case "text-end":
        texts.delete(chunk.id);
        break;
      case "finish": {
        const paused = [...rows.values()].some((row) => row.element.dataset.status === "paused");
        if (paused)
          notice("awaiting", "The graph paused: a node waits for a person, which this page cannot answer.");
        else if (chunk.finishReason !== "stop")
          notice("stopped", "The graph stopped before its end (its step limit).");
        end(paused ? "paused" : "completed");
        break;
      }
      case "error":
        notice("error", `The graph failed: ${chunk.errorText}`);
        end("failed");
        break;
      case "abort":
        notice("stopped", "Stopped. Send another message to carry on.");
        end("aborted");
        break;
      default:
        // Reasoning and tool parts of the agents are not shown here; their text is.
        return;
    }
    onChange();
  };

  return {
    element,
    get status() {
      return status;
    },
    get ended() {
      return status !== "running";
    },
    handle,
    finish(outcome, message) {
      if (status !== "running") return;
      if (outcome === "aborted") notice("stopped", "Stopped. Send another message to carry on.");
      else notice("error", message ?? "The answer could not be completed.");
      end(outcome);
      onChange();
    },
  };
}
