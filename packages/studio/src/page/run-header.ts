import type { RunRecord } from "../protocol/run-record.js";
import { el, term } from "./dom.js";
import { formatClock, formatCost, formatDuration, formatPath, formatTokens, runDuration } from "./format.js";
import { statusBadge } from "./status-badge.js";
import { renderError } from "./step-detail.js";

const runLink = (id: string, testid: string) =>
  el("a", { href: `#/runs/${encodeURIComponent(id)}`, testid, class: "mono" }, id);

/** The run's header: name, status, stop reason, tokens, cost, duration, and the runs it is linked to. */
export function renderRunHeader(run: RunRecord): HTMLElement {
  const title = el(
    "div",
    { class: "run-title" },
    el(
      "a",
      { href: "#/", class: "back ghost", testid: "close-run", "aria-label": "Close the run (Escape)" },
      "← Runs",
    ),
    el("h2", { testid: "run-title" }, run.agentPath.length > 1 ? formatPath(run.agentPath) : run.name),
    el("span", { class: "kind-tag" }, run.kind),
    statusBadge(run.status),
  );
  const facts = el("dl", { class: "facts run-facts", testid: "run-facts" });
  term(facts, "stop reason", run.stopReason ?? "–", { testid: "run-stop-reason" });
  term(facts, "duration", formatDuration(runDuration(run)), { testid: "run-duration" });
  term(
    facts,
    "tokens",
    `${formatTokens(run.usage.inputTokens)} in · ${formatTokens(run.usage.outputTokens)} out · ${formatTokens(run.usage.cacheReadInputTokens)} cache read · ${formatTokens(run.usage.cacheWriteInputTokens)} cache write`,
    { testid: "run-tokens" },
  );
  term(facts, "cost", formatCost(run.cost), { testid: "run-cost" });
  term(facts, "calls", `${run.modelCalls} model · ${run.toolCalls} tool`);
  if (run.modelId) term(facts, "model", run.modelId);
  term(facts, "session", run.sessionId ?? "none", { testid: "run-session" });
  term(facts, "started", `${new Date(run.startedAt).toLocaleDateString()} ${formatClock(run.startedAt)}`);
  term(facts, "run id", el("span", { class: "mono" }, run.id));
  if (run.parent) term(facts, "called by", runLink(run.parent.runId, "parent-link"));
  if (run.resumes) term(facts, "resumes", runLink(run.resumes, "resumes-link"));
  if (run.resumedBy) term(facts, "resumed by", runLink(run.resumedBy, "resumed-by-link"));
  if (run.rerunOf) term(facts, "re-run of", runLink(run.rerunOf, "rerun-of-link"));
  const box = el("header", { class: "run-header" }, title, facts);
  if (run.error) box.append(renderError(run.error, "run-error"));
  if (run.text)
    box.append(
      el("div", { class: "final-text", testid: "run-text" }, el("h3", {}, "Answer"), el("p", {}, run.text)),
    );
  return box;
}
