import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailIntervention } from "@lode/core";
import type { StepRecord } from "../protocol/run-record.js";
import { el } from "./dom.js";
import { formatJson } from "./format.js";
import { jsonBlock } from "./json-view.js";

/** Bedrock's answer: its text, reasoning (with the signature), citations and tool uses, block by block. */
export function renderAnswer(answer: StepRecord["answer"]): HTMLElement {
  const box = el("section", { class: "detail-section", testid: "step-answer" }, el("h3", {}, "Answer"));
  if (!answer) {
    box.append(el("p", { class: "empty-note" }, "No answer (yet)."));
    return box;
  }
  box.append(
    el(
      "p",
      { class: "request-summary" },
      el("span", { testid: "stop-reason" }, `stop ${answer.stopReason}`),
      answer.requestId ? el("span", { testid: "answer-request-id" }, `request id ${answer.requestId}`) : null,
    ),
  );
  for (const block of answer.message.content ?? []) box.append(renderBlock(block));
  box.append(jsonBlock("answer message", answer.message, { props: { testid: "answer-json" } }));
  return box;
}

function renderBlock(block: ContentBlock): HTMLElement {
  if (block.text !== undefined)
    return el("div", { class: "block block-text", testid: "answer-text" }, block.text);
  if (block.reasoningContent) {
    const reasoning = block.reasoningContent;
    const text = reasoning.reasoningText;
    return el(
      "div",
      { class: "block block-reasoning", testid: "answer-reasoning" },
      el("div", { class: "block-kind" }, "reasoning"),
      text
        ? el("div", { class: "reasoning-text" }, text.text ?? "")
        : el("div", { class: "muted" }, "redacted reasoning"),
      text?.signature
        ? el("div", { class: "signature", testid: "reasoning-signature" }, `signature ${text.signature}`)
        : null,
    );
  }
  if (block.toolUse) {
    return el(
      "div",
      { class: "block block-tool-use", testid: "answer-tool-use" },
      el("div", { class: "block-kind" }, `tool use · ${block.toolUse.name} · ${block.toolUse.toolUseId}`),
      el("pre", { class: "json" }, formatJson(block.toolUse.input)),
    );
  }
  if (block.citationsContent) {
    const citations = block.citationsContent;
    const list = el("ol", { class: "citations" });
    for (const citation of citations.citations ?? [])
      list.append(
        el(
          "li",
          {},
          citation.title ?? citation.source ?? "source",
          citation.location ? ` · ${formatJson(citation.location).replace(/\s+/g, " ")}` : "",
        ),
      );
    return el(
      "div",
      { class: "block block-citations", testid: "answer-citations" },
      el("div", {}, (citations.content ?? []).map((part) => part.text ?? "").join("")),
      list,
    );
  }
  const kind = Object.keys(block).find((key) => key !== "$unknown") ?? "block";
  return el(
    "div",
    { class: "block" },
    el("div", { class: "block-kind" }, kind),
    el("pre", { class: "json" }, formatJson(block)),
  );
}

/** The guardrail's findings at this step: which policy found what, and whether it masked, blocked or only detected it. */
export function renderGuardrail(interventions: readonly GuardrailIntervention[]): HTMLElement | null {
  if (interventions.length === 0) return null;
  const box = el("section", { class: "detail-section", testid: "step-guardrail" }, el("h3", {}, "Guardrail"));
  for (const intervention of interventions) {
    const where =
      intervention.origin === "tool"
        ? `tool ${intervention.toolName} (${intervention.check})`
        : `model (${intervention.basis})`;
    const findings = el("ul", { class: "findings" });
    for (const finding of intervention.findings) {
      const what = findingLabel(finding);
      const item = el(
        "li",
        { testid: "guardrail-finding" },
        el("span", { class: `action action-${finding.action}` }, finding.action),
        ` ${finding.policy} · ${what}`,
      );
      item.dataset.policy = finding.policy;
      item.dataset.action = finding.action;
      findings.append(item);
    }
    box.append(
      el(
        "div",
        { class: "intervention", testid: "guardrail-intervention" },
        el(
          "div",
          {},
          el("strong", {}, `${intervention.action}`),
          ` · ${intervention.side} of ${where}`,
          intervention.policies.length ? ` · ${intervention.policies.join(", ")}` : "",
        ),
        intervention.findings.length
          ? findings
          : el("p", { class: "muted" }, "No findings (the trace was off)."),
        jsonBlock("intervention", intervention),
      ),
    );
  }
  return box;
}

function findingLabel(finding: GuardrailIntervention["findings"][number]): string {
  switch (finding.policy) {
    case "content":
      return `${finding.type}${finding.confidence ? ` (${finding.confidence})` : ""}`;
    case "denied-topic":
      return finding.name;
    case "word":
      return finding.managedWordList ?? finding.match ?? "custom word";
    case "sensitive-information":
      return finding.kind === "pii" ? finding.type : finding.name;
    case "contextual-grounding":
      return `${finding.type}${finding.score !== undefined ? ` score ${finding.score}` : ""}${finding.threshold !== undefined ? ` < ${finding.threshold}` : ""}`;
    case "automated-reasoning":
      return finding.result;
  }
}
