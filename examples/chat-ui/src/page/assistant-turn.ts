import type { AgentEvent, EventOf } from "@lode/core/client";
import { el } from "./dom.js";
import { citationKey, describeCitation, formatCount, formatMs, formatStopReason } from "./format.js";
import { createToolCard, type ToolCard } from "./tool-card.js";

/** How a turn ended, as the page shows it. */
export type TurnOutcome = "completed" | "aborted" | "failed";

/** The assistant's answer to one message, rendered from the run's events as they arrive. */
export interface AssistantTurn {
  readonly element: HTMLElement;
  /** Whether the run reported its end (`run-end` or `run-error`). */
  readonly ended: boolean;
  handle(event: AgentEvent): void;
  /** Ends the turn from the page's side: stopped by the person, or the connection failed. */
  finish(outcome: TurnOutcome, message?: string): void;
}

/**
 * Renders blocks in the order they arrive (reasoning, text, tool calls), each step's usage under the
 * answer, citations as numbered footnotes, and notices for guardrails, retries, stops and errors.
 * `onChange` runs after every update (the page keeps the view scrolled).
 */
export function createAssistantTurn(onChange: () => void): AssistantTurn {
  const body = el("div", { class: "turn-body" });
  const typing = el(
    "div",
    { class: "typing", testid: "typing", "aria-label": "Answering" },
    el("span"),
    el("span"),
    el("span"),
  );
  const notices = el("div", { class: "notices" });
  const footnotes = el("ol", { class: "footnotes", testid: "citations", hidden: "" });
  const stepUsage = el("ul", { class: "step-usage" });
  const summary = el("p", { class: "summary", testid: "run-summary", hidden: "" });
  const meta = el("footer", { class: "turn-meta", testid: "usage", hidden: "" }, stepUsage, summary);
  const element = el(
    "article",
    { class: "turn assistant", testid: "assistant-turn", "data-status": "running" },
    el("div", { class: "avatar", "aria-hidden": "true" }, "L"),
    el("div", { class: "turn-main" }, body, typing, footnotes, notices, meta),
  );

  const startedAt = performance.now();
  let step = 0;
  let ended = false;
  /** The answer paragraph text deltas go to, until another kind of block comes between. */
  let answer: HTMLElement | undefined;
  const textSpans = new Map<string, HTMLElement>();
  const reasoningPanels = new Map<string, HTMLDetailsElement>();
  const toolCards = new Map<string, ToolCard>();
  const citationNumbers = new Map<string, number>();

  /** Appends a block that is not answer text; the next text starts a new paragraph below it. */
  const appendBlock = (block: HTMLElement) => {
    collapseReasoning();
    answer = undefined;
    body.append(block);
  };

  const collapseReasoning = (except?: HTMLDetailsElement) => {
    for (const panel of reasoningPanels.values()) {
      if (panel === except || panel.dataset.state === "done") continue;
      panel.dataset.state = "done";
      panel.open = false;
      setText(panel.querySelector("summary"), "Reasoning");
    }
  };

  const textSpanFor = (id: string): HTMLElement => {
    let span = textSpans.get(id);
    if (!span) {
      collapseReasoning();
      if (!answer) {
        answer = el("div", { class: "answer", testid: "answer", "data-step": String(step) });
        body.append(answer);
      }
      span = el("span", { class: "text-block", "data-block-id": id, "data-step": String(step) }, el("span"));
      answer.append(span);
      textSpans.set(id, span);
    }
    return span;
  };

  const reasoningPanelFor = (id: string): HTMLDetailsElement => {
    let panel = reasoningPanels.get(id);
    if (!panel) {
      panel = el(
        "details",
        { class: "reasoning", testid: "reasoning", "data-step": String(step) },
        el("summary", {}, "Thinking…"),
        el("div", { class: "reasoning-text" }),
      );
      panel.open = true;
      appendBlock(panel);
      reasoningPanels.set(id, panel);
    }
    return panel;
  };

  const toolCardFor = (event: { toolUseId: string; toolName?: string }): ToolCard => {
    let card = toolCards.get(event.toolUseId);
    if (!card) {
      card = createToolCard(event.toolUseId, event.toolName ?? "tool", step);
      // Tool calls of one step sit side by side: they run in parallel.
      const last = body.lastElementChild;
      if (last?.classList.contains("tool-group") && last.getAttribute("data-step") === String(step)) {
        last.append(card.element);
        collapseReasoning();
        answer = undefined;
      } else appendBlock(el("div", { class: "tool-group", "data-step": String(step) }, card.element));
      toolCards.set(event.toolUseId, card);
    }
    return card;
  };

  const addCitation = (event: EventOf<"citation">) => {
    const key = citationKey(event.citation);
    let number = citationNumbers.get(key);
    if (number === undefined) {
      number = citationNumbers.size + 1;
      citationNumbers.set(key, number);
      const { label, quote, url } = describeCitation(event.citation);
      footnotes.append(
        el(
          "li",
          { testid: "citation" },
          url
            ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label)
            : el("strong", {}, label),
          quote ? el("q", {}, quote) : null,
        ),
      );
      footnotes.hidden = false;
    }
    textSpanFor(event.id).append(el("sup", { class: "marker", testid: "citation-marker" }, `[${number}]`));
  };

  const notice = (kind: "guardrail" | "retry" | "stopped" | "error", text: string, testid: string) => {
    notices.append(
      el("p", { class: `notice ${kind}`, testid, role: kind === "retry" ? "status" : "alert" }, text),
    );
  };

  /** A retry that discards the partial step removes what that step showed so far. */
  const discardStep = (discarded: number) => {
    for (const node of body.querySelectorAll(`[data-step="${discarded}"]`)) node.remove();
    for (const [id, span] of textSpans) if (!span.isConnected) textSpans.delete(id);
    for (const [id, panel] of reasoningPanels) if (!panel.isConnected) reasoningPanels.delete(id);
    for (const [id, card] of toolCards) if (!card.element.isConnected) toolCards.delete(id);
    answer = undefined;
  };

  const end = (outcome: TurnOutcome) => {
    ended = true;
    element.dataset.status = outcome;
    typing.remove();
    collapseReasoning();
    for (const card of toolCards.values()) card.cancel();
  };

  const handle = (event: AgentEvent): void => {
    if (ended) return;
    switch (event.type) {
      case "step-start":
        step = event.step;
        answer = undefined;
        break;
      case "text-delta":
        textSpanFor(event.id).firstElementChild?.append(event.text);
        break;
      case "reasoning-delta": {
        const panel = reasoningPanelFor(event.id);
        collapseReasoning(panel);
        panel.querySelector(".reasoning-text")?.append(event.text);
        break;
      }
      case "reasoning-redacted":
        reasoningPanelFor(event.id)
          .querySelector(".reasoning-text")
          ?.append("Part of the reasoning was encrypted by the model provider; it is kept, not shown.");
        break;
      case "citation":
        addCitation(event);
        break;
      case "tool-input-start":
        toolCardFor(event);
        break;
      case "tool-input-delta":
        if (event.partialInput !== undefined) toolCardFor(event).showArguments(event.partialInput);
        break;
      case "tool-call":
        toolCardFor(event).called(event.input);
        break;
      case "tool-progress":
        toolCardFor(event).showProgress(event.data);
        break;
      case "tool-result":
        toolCardFor(event).showResult(event.status, event.content, event.durationMs);
        break;
      case "guardrail":
        notice(
          "guardrail",
          `A guardrail intervened on the ${event.intervention.side}: part of this answer was blocked or masked.`,
          "guardrail-notice",
        );
        break;
      case "retry":
        if (event.discardsPartialStep) discardStep(event.step);
        notice(
          "retry",
          `Bedrock said ${event.code}; retrying in ${formatMs(event.delayMs)} (attempt ${event.attempt + 1}).`,
          "retry-notice",
        );
        break;
      case "step-end": {
        const { usage } = event;
        stepUsage.append(
          el(
            "li",
            { class: "usage-chip", testid: "step-usage" },
            el("span", { class: "step-label" }, `Step ${event.step}`),
            el("span", {}, formatStopReason(event.stopReason)),
            el("span", {}, `${formatCount(usage.inputTokens)} in`),
            el("span", {}, `${formatCount(usage.outputTokens)} out`),
            el("span", {}, formatMs(usage.latencyMs)),
          ),
        );
        meta.hidden = false;
        break;
      }
      case "run-end": {
        const { result } = event;
        summary.textContent = [
          `${result.steps.length} ${result.steps.length === 1 ? "step" : "steps"}`,
          `${result.toolCalls.length} tool ${result.toolCalls.length === 1 ? "call" : "calls"}`,
          `${formatCount(result.usage.inputTokens)} in / ${formatCount(result.usage.outputTokens)} out tokens`,
          `${formatMs(performance.now() - startedAt)} total`,
        ].join(" · ");
        summary.hidden = false;
        meta.hidden = false;
        end("completed");
        break;
      }
      case "run-error":
        notice("error", `The run failed (${event.code}): ${event.message}`, "error-notice");
        end(event.code === "aborted" ? "aborted" : "failed");
        break;
      default:
        break;
    }
    onChange();
  };

  return {
    element,
    get ended() {
      return ended;
    },
    handle,
    finish(outcome, message) {
      if (ended) return;
      if (outcome === "aborted")
        notice("stopped", "Stopped. Send another message to carry on.", "turn-stopped");
      else if (outcome === "failed")
        notice("error", message ?? "The answer could not be completed.", "error-notice");
      end(outcome);
      onChange();
    },
  };
}

function setText(node: Element | null, text: string): void {
  if (node) node.textContent = text;
}
