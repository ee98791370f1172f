import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { el } from "./dom.js";
import { formatJson, formatMs, formatToolResult } from "./format.js";

/** Where a tool call is: its input streaming, running, answered, or left unanswered by a stopped run. */
export type ToolCardStatus = "preparing" | "running" | "success" | "error" | "cancelled";

const STATUS_LABEL: Record<ToolCardStatus, string> = {
  preparing: "writing arguments…",
  running: "running…",
  success: "done",
  error: "failed",
  cancelled: "cancelled",
};

/** One tool call as a card: its name, arguments that fill in as they stream, then its result. */
export interface ToolCard {
  readonly element: HTMLElement;
  readonly status: ToolCardStatus;
  /** Arguments so far, while the model is still writing them. */
  showArguments(input: unknown): void;
  /** The complete arguments: the tool is running. */
  called(input: unknown): void;
  showProgress(data: unknown): void;
  showResult(
    status: "success" | "error",
    content: readonly ToolResultContentBlock[],
    durationMs: number,
  ): void;
  cancel(): void;
}

export function createToolCard(toolUseId: string, toolName: string, step: number): ToolCard {
  const statusPill = el("span", { class: "tool-status", testid: "tool-status" });
  const args = el("pre", { class: "tool-args", testid: "tool-args" }, "{}");
  const progress = el("p", { class: "tool-progress", testid: "tool-progress", hidden: "" });
  const result = el("pre", { class: "tool-result", testid: "tool-result" });
  const resultSection = el("div", { class: "tool-section", hidden: "" }, el("h4", {}, "Result"), result);
  const element = el(
    "section",
    { class: "tool-card", testid: "tool-card", "data-tool-use-id": toolUseId, "data-step": String(step) },
    el(
      "header",
      { class: "tool-head" },
      el("span", { class: "tool-icon", "aria-hidden": "true" }, "ƒ"),
      el("span", { class: "tool-name", testid: "tool-name" }, toolName),
      statusPill,
    ),
    el("div", { class: "tool-section" }, el("h4", {}, "Arguments"), args),
    progress,
    resultSection,
  );
  let status: ToolCardStatus = "preparing";
  const setStatus = (next: ToolCardStatus, detail = "") => {
    status = next;
    element.dataset.status = next;
    statusPill.textContent = `${STATUS_LABEL[next]}${detail}`;
  };
  setStatus("preparing");

  return {
    element,
    get status() {
      return status;
    },
    showArguments(input) {
      args.textContent = formatJson(input ?? {});
    },
    called(input) {
      args.textContent = formatJson(input ?? {});
      setStatus("running");
    },
    showProgress(data) {
      if (status === "preparing") setStatus("running");
      progress.hidden = false;
      progress.textContent = typeof data === "string" ? data : formatJson(data);
    },
    showResult(outcome, content, durationMs) {
      progress.hidden = true;
      result.textContent = formatToolResult(content);
      resultSection.hidden = false;
      setStatus(outcome, ` · ${formatMs(durationMs)}`);
    },
    cancel() {
      if (status === "preparing" || status === "running") setStatus("cancelled");
    },
  };
}
