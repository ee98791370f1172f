import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ApprovalVerdict } from "@lode/core/client";
import { createApprovalPanel, describeDecision } from "./approval-panel.js";
import { el } from "./dom.js";
import { formatJson, formatMs } from "./format.js";
import { renderToolResult } from "./tool-result-view.js";

/**
 * Where a tool call is: its input streaming, running, waiting for the person's approval (then approved
 * or denied), answered, or left unanswered by a run that stopped.
 */
export type ToolCardStatus =
  | "preparing"
  | "running"
  | "awaiting-approval"
  | "approved"
  | "denied"
  | "success"
  | "error"
  | "cancelled";

const STATUS_LABEL: Record<ToolCardStatus, string> = {
  preparing: "writing arguments…",
  running: "running…",
  "awaiting-approval": "waiting for approval",
  approved: "approved",
  denied: "denied",
  success: "done",
  error: "failed",
  cancelled: "cancelled",
};

/** The states a run that ends leaves unanswered: the call will not get its result now. */
const UNANSWERED = new Set<ToolCardStatus>(["preparing", "running", "awaiting-approval", "approved"]);

/** One tool call as a card: its name, arguments that fill in as they stream, then its result. */
export interface ToolCard {
  readonly element: HTMLElement;
  readonly status: ToolCardStatus;
  /** Arguments so far, while the model is still writing them. */
  showArguments(input: unknown): void;
  /** The complete arguments: the tool is running. */
  called(input: unknown): void;
  /** The call waits for the person: Approve and Deny take the place of a result until one is chosen. */
  askApproval(input: unknown, onDecide: (verdict: ApprovalVerdict) => void): void;
  /** The decision on the call, as the person made it here or as the run that acted on it reports it. */
  showDecision(approved: boolean, reason?: string): void;
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
  const argsSection = el("div", { class: "tool-section" }, el("h4", {}, "Arguments"), args);
  const progress = el("p", { class: "tool-progress", testid: "tool-progress", hidden: "" });
  const result = el("div", { class: "tool-result", testid: "tool-result" });
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
    argsSection,
    progress,
    resultSection,
  );
  let status: ToolCardStatus = "preparing";
  let approvalPanel: HTMLElement | undefined;
  let decision: HTMLElement | undefined;
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
    askApproval(input, onDecide) {
      if (approvalPanel || decision) return;
      args.textContent = formatJson(input ?? {});
      approvalPanel = createApprovalPanel(onDecide);
      argsSection.after(approvalPanel);
      setStatus("awaiting-approval");
    },
    showDecision(approved, reason) {
      approvalPanel?.remove();
      approvalPanel = undefined;
      decision ??= el("p", { class: "tool-decision", testid: "approval-decision" });
      decision.dataset.approved = String(approved);
      decision.textContent = describeDecision(approved, reason);
      argsSection.after(decision);
      // A denied call's result is the error the model reads; the card stays "denied", not "failed".
      if (status !== "success" && status !== "error") setStatus(approved ? "approved" : "denied");
    },
    showProgress(data) {
      if (status === "preparing" || status === "approved") setStatus("running");
      progress.hidden = false;
      progress.textContent = typeof data === "string" ? data : formatJson(data);
    },
    showResult(outcome, content, durationMs) {
      progress.hidden = true;
      renderToolResult(result, content);
      resultSection.hidden = false;
      if (status === "denied") return;
      setStatus(outcome, ` · ${formatMs(durationMs)}`);
    },
    cancel() {
      if (!UNANSWERED.has(status)) return;
      approvalPanel?.remove();
      approvalPanel = undefined;
      setStatus("cancelled");
    },
  };
}
