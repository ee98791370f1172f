import type { ApprovalDecision } from "@lode/core";
import type { RunRecord } from "../protocol/run-record.js";
import { sendDecisions } from "./api.js";
import { button, el } from "./dom.js";
import { formatJson, formatPath } from "./format.js";

/**
 * The calls waiting for a person, each with its input and Approve / Deny (with a reason). The decisions go
 * together once every call has one (one call: at the click), and the run's process resumes the session.
 */
export function renderApprovals(run: RunRecord, onError: (error: unknown) => void): HTMLElement | null {
  if (run.pendingApprovals.length === 0) return null;
  const box = el(
    "section",
    { class: "approvals", testid: "approvals" },
    el("h3", {}, "Waiting for approval"),
  );
  const status = el("p", { class: "decision-status", testid: "decision-status", role: "status" });
  // Once decided (the session resumed in another run) or when no process listens, the buttons are off.
  const closed = run.resumedBy !== undefined || !run.resumable;
  if (run.resumedBy !== undefined) {
    status.append(
      "Decided: the session resumed in run ",
      el("a", { href: `#/runs/${encodeURIComponent(run.resumedBy)}`, class: "mono" }, run.resumedBy),
      ".",
    );
  } else if (!run.resumable)
    status.textContent = "The process that ran this run no longer listens: decide in your own code.";
  const decided = new Map<string, ApprovalDecision>();
  const controls: (HTMLButtonElement | HTMLInputElement)[] = [];

  const decide = (decision: ApprovalDecision) => {
    decided.set(decision.toolUseId, decision);
    const left = run.pendingApprovals.length - decided.size;
    if (left > 0) {
      status.textContent = `${decided.size} decided, ${left} to go.`;
      return;
    }
    for (const control of controls) control.disabled = true;
    status.textContent = "Sending…";
    sendDecisions(run.id, [...decided.values()]).then(
      () => {
        status.textContent = "Sent: the run's process is resuming the session.";
      },
      (error: unknown) => {
        decided.clear();
        for (const control of controls) control.disabled = false;
        status.textContent = `Not sent: ${error instanceof Error ? error.message : String(error)}`;
        onError(error);
      },
    );
  };

  for (const request of run.pendingApprovals) {
    const reason = el("input", {
      type: "text",
      class: "reason",
      testid: "deny-reason",
      placeholder: "Reason (optional)",
      "aria-label": `Reason to deny ${request.toolName}`,
    });
    const approve = button("Approve", () => decide({ toolUseId: request.toolUseId, approved: true }), {
      class: "primary",
      testid: "approve",
    });
    const deny = button(
      "Deny",
      () =>
        decide({
          toolUseId: request.toolUseId,
          approved: false,
          ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
        }),
      { class: "danger", testid: "deny" },
    );
    for (const control of [approve, deny]) control.dataset.toolUseId = request.toolUseId;
    reason.dataset.toolUseId = request.toolUseId;
    controls.push(approve, deny, reason);
    if (closed) for (const control of [approve, deny, reason]) control.disabled = true;
    const card = el(
      "div",
      { class: "approval", testid: "pending-approval" },
      el(
        "div",
        {},
        el("strong", {}, request.toolName),
        request.agentPath ? ` · ${formatPath(request.agentPath)}` : "",
        el("code", { class: "muted" }, ` ${request.toolUseId}`),
      ),
      el("pre", { class: "json", testid: "approval-input" }, formatJson(request.input)),
      el("div", { class: "approval-actions" }, approve, reason, deny),
    );
    card.dataset.toolUseId = request.toolUseId;
    box.append(card);
  }
  box.append(status);
  return box;
}
