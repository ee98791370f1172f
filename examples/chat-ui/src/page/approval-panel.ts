import type { ApprovalVerdict } from "@lode/core/client";
import { el } from "./dom.js";

/**
 * Approve and Deny for one call waiting for the person, with a field for why it is denied (the model
 * reads the reason in the call's error result). `onDecide` gets one verdict: the controls then lock, so
 * a double click cannot send two.
 */
export function createApprovalPanel(onDecide: (verdict: ApprovalVerdict) => void): HTMLElement {
  const approve = el("button", { type: "button", class: "approve", testid: "approve" }, "Approve");
  const deny = el("button", { type: "button", class: "deny", testid: "deny" }, "Deny");
  const reason = el("input", {
    type: "text",
    class: "deny-reason",
    testid: "deny-reason",
    placeholder: "Reason, if you deny (optional)",
    "aria-label": "Reason for denying",
    maxlength: "500",
    enterkeyhint: "send",
  });
  const panel = el(
    "div",
    { class: "approval", testid: "approval", role: "group", "aria-label": "Approve or deny this call" },
    el("p", { class: "approval-ask" }, "This call waits for your approval."),
    reason,
    el("div", { class: "approval-actions" }, approve, deny),
  );

  let decided = false;
  const decide = (verdict: ApprovalVerdict) => {
    if (decided) return;
    decided = true;
    for (const control of [approve, deny, reason]) control.disabled = true;
    onDecide(verdict);
  };
  approve.addEventListener("click", () => decide({ approved: true }));
  deny.addEventListener("click", () => {
    const why = reason.value.trim();
    decide(why ? { approved: false, reason: why } : { approved: false });
  });
  reason.addEventListener("keydown", (event) => {
    // Enter in the reason field denies, as Enter in the composer sends.
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      deny.click();
    }
  });
  return panel;
}

/** What a decided card says: `approved`, `denied`, or `denied: <reason>`. */
export function describeDecision(approved: boolean, reason?: string): string {
  if (approved) return "approved";
  return reason ? `denied: ${reason}` : "denied";
}
