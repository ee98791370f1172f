import type { ReportedError } from "../protocol/reports.js";
import type { RunRecord, StepRecord } from "../protocol/run-record.js";
import { el, term } from "./dom.js";
import { formatClock, formatDuration, formatPath, formatTokens, formatUsd } from "./format.js";
import { renderAnswer, renderGuardrail } from "./step-answer.js";
import { renderRequest } from "./step-request.js";

/** Everything about one step: timing, the exact request, the answer, usage and cost, guardrail, error. */
export function renderStepDetail(run: RunRecord, step: StepRecord): HTMLElement {
  const box = el("section", {
    class: "step-detail",
    testid: "step-detail",
    "aria-label": `Step ${step.step}`,
  });
  box.dataset.step = String(step.step);
  const timing = el("dl", { class: "facts" });
  term(timing, "agent", formatPath(step.agentPath));
  term(timing, "model", step.modelId);
  term(timing, "started", formatClock(step.startedAt));
  term(
    timing,
    "first token",
    step.firstChunkAt === undefined ? "–" : formatDuration(step.firstChunkAt - step.startedAt),
    { testid: "step-ttft" },
  );
  term(
    timing,
    "duration",
    formatDuration(step.endedAt === undefined ? undefined : step.endedAt - step.startedAt),
  );
  term(
    timing,
    "retries",
    step.retries.length
      ? step.retries
          .map((retry) => `${retry.code} (attempt ${retry.attempt}, waited ${formatDuration(retry.delayMs)})`)
          .join("; ")
      : "none",
    { testid: "step-retries" },
  );
  box.append(
    el(
      "header",
      { class: "detail-head" },
      el("h2", {}, `Step ${step.step}`),
      el("span", { class: "muted" }, run.name),
    ),
    timing,
  );
  if (step.error) box.append(renderError(step.error, "step-error"));
  box.append(renderUsage(step), renderRequest(step.request), renderAnswer(step.answer));
  const guardrail = renderGuardrail(step.guardrail);
  if (guardrail) box.append(guardrail);
  const calls = run.calls.filter((call) => call.step === step.step);
  if (calls.length) {
    const list = el("ul", { class: "call-list" });
    for (const call of calls)
      list.append(
        el(
          "li",
          { testid: "step-tool-call" },
          el("strong", {}, call.toolName),
          ` · ${call.status ?? "pending"} · ${formatDuration(call.endedAt === undefined ? undefined : call.endedAt - call.startedAt)}`,
          call.childRunId
            ? el(
                "a",
                { href: `#/runs/${encodeURIComponent(call.childRunId)}`, class: "child-link" },
                " · open its run",
              )
            : null,
        ),
      );
    box.append(el("section", { class: "detail-section" }, el("h3", {}, "Tool calls"), list));
  }
  return box;
}

/** Tokens in and out, the cache read, the cache write in all and per time to live, latency, cost. */
function renderUsage(step: StepRecord): HTMLElement {
  const box = el("section", { class: "detail-section", testid: "step-usage" }, el("h3", {}, "Usage"));
  const usage = step.answer?.usage;
  if (!usage) {
    box.append(el("p", { class: "empty-note" }, "No usage (the call has not answered)."));
    return box;
  }
  const facts = el("dl", { class: "facts usage" });
  term(facts, "input", formatTokens(usage.inputTokens), { testid: "usage-input" });
  term(facts, "output", formatTokens(usage.outputTokens), { testid: "usage-output" });
  term(facts, "total", formatTokens(usage.totalTokens), { testid: "usage-total" });
  term(facts, "cache read", formatTokens(usage.cacheReadInputTokens), { testid: "usage-cache-read" });
  term(facts, "cache write", formatTokens(usage.cacheWriteInputTokens), { testid: "usage-cache-write" });
  for (const [ttl, tokens] of Object.entries(usage.cacheWriteInputTokensByTtl ?? {}))
    term(facts, `cache write ${ttl}`, formatTokens(tokens), { testid: `usage-cache-write-${ttl}` });
  term(facts, "latency", formatDuration(usage.latencyMs));
  const cost = step.cost;
  term(
    facts,
    "cost",
    cost
      ? `${formatUsd(cost.total)} (input ${formatUsd(cost.input)}, output ${formatUsd(cost.output)}, cache read ${formatUsd(cost.cacheRead)}, cache write ${formatUsd(cost.cacheWrite)})`
      : "no price for this model",
    { testid: "step-cost" },
  );
  box.append(facts);
  return box;
}

/** An error with Lode's code, the message (Bedrock's, when it answered), its request id and HTTP status. */
export function renderError(error: ReportedError, testid: string): HTMLElement {
  const facts = el("dl", { class: "facts" });
  term(facts, "code", error.code, { testid: "error-code" });
  term(facts, "message", error.message, { testid: "error-message" });
  if (error.awsName) term(facts, "AWS error", error.awsName);
  if (error.httpStatus !== undefined) term(facts, "HTTP status", String(error.httpStatus));
  if (error.requestId) term(facts, "request id", error.requestId, { testid: "error-request-id" });
  return el(
    "section",
    { class: "detail-section error-box", testid, role: "alert" },
    el("h3", {}, "Error"),
    facts,
  );
}
