import type { AgentEvent, ApprovalDecision, ApprovalRequest, EventOf } from "@lode/core/client";
import { el } from "./dom.js";
import { formatMs } from "./format.js";
import { createToolCard, type ToolCard } from "./tool-card.js";
import { createTurnAgents } from "./turn-agents.js";
import { createTurnApprovals } from "./turn-approvals.js";
import { createTurnFootnotes } from "./turn-footnotes.js";
import { createTurnUsage } from "./turn-usage.js";

/** Where a turn is, as the page shows it (`data-status`). */
export type TurnStatus = "running" | "completed" | "awaiting-approval" | "aborted" | "failed";

/** How the page ends a turn from its side. */
export type TurnOutcome = "aborted" | "failed";

export interface AssistantTurnOptions {
  /** Runs after every update (the page keeps the view scrolled). */
  onChange: () => void;
  /**
   * Every call the run left waiting has the person's decision: the page sends them, calls `resume()`,
   * and streams the run that carries on into this same turn.
   */
  onDecisions: (decisions: ApprovalDecision[]) => void;
}

/** The assistant's answer to one message, rendered from the events of its run (or runs) as they arrive. */
export interface AssistantTurn {
  readonly element: HTMLElement;
  readonly status: TurnStatus;
  /** Whether the current run reported its end (`run-end` or `run-error`). */
  readonly ended: boolean;
  handle(event: AgentEvent): void;
  /** Ends the turn from the page's side: stopped by the person, or the connection failed. */
  finish(outcome: TurnOutcome, message?: string): void;
  /** The run that brings the decisions starts: the turn runs again, its steps numbered on. */
  resume(): void;
  /** A new message came instead of decisions: Lode denies the waiting calls in that message's run. */
  supersede(): void;
  /**
   * Shows what the next message's run reports of a call superseded here (`approval-decided`,
   * `tool-result`), so it lands on this turn's card; false for any other event.
   */
  answerSupersededCall(event: AgentEvent): boolean;
}

/**
 * Renders blocks in the order they arrive (reasoning, text, tool calls), each step's usage under the
 * answer, citations as numbered footnotes, and notices for guardrails, retries, stops and errors. A run
 * that pauses for approval leaves the turn waiting; the run that brings the decisions continues it.
 */
export function createAssistantTurn({ onChange, onDecisions }: AssistantTurnOptions): AssistantTurn {
  const body = el("div", { class: "turn-body" });
  const typing = el(
    "div",
    { class: "typing", testid: "typing", "aria-label": "Answering" },
    el("span"),
    el("span"),
    el("span"),
  );
  const notices = el("div", { class: "notices" });
  const footnotes = createTurnFootnotes();
  const usage = createTurnUsage();
  const agents = createTurnAgents();
  const element = el(
    "article",
    { class: "turn assistant", testid: "assistant-turn", "data-status": "running" },
    el("div", { class: "avatar", "aria-hidden": "true" }, "L"),
    el("div", { class: "turn-main" }, agents.label, body, typing, footnotes.element, notices, usage.element),
  );

  let status: TurnStatus = "running";
  /** The step in the turn's numbering; a resumed run counts its own steps from 1 again. */
  let step = 0;
  let stepOffset = 0;
  /** The answer paragraph text deltas go to, until another kind of block comes between. */
  let answer: HTMLElement | undefined;
  const textSpans = new Map<string, HTMLElement>();
  const reasoningPanels = new Map<string, HTMLDetailsElement>();
  const toolCards = new Map<string, ToolCard>();
  let awaitingNotice: HTMLElement | undefined;

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

  const textSpanFor = (block: BlockEvent): HTMLElement => {
    const key = blockKey(block);
    let span = textSpans.get(key);
    if (!span) {
      collapseReasoning();
      if (!answer) {
        answer = el("div", { class: "answer", testid: "answer", "data-step": String(step) });
        body.append(answer);
      }
      span = el(
        "span",
        { class: "text-block", "data-block-id": block.id, "data-step": String(step) },
        el("span"),
      );
      answer.append(span);
      textSpans.set(key, span);
    }
    return span;
  };

  const reasoningPanelFor = (block: BlockEvent): HTMLDetailsElement => {
    const key = blockKey(block);
    let panel = reasoningPanels.get(key);
    if (!panel) {
      panel = el(
        "details",
        { class: "reasoning", testid: "reasoning", "data-step": String(step) },
        el("summary", {}, "Thinking…"),
        el("div", { class: "reasoning-text" }),
      );
      panel.open = true;
      appendBlock(panel);
      reasoningPanels.set(key, panel);
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
    const number = footnotes.numberFor(event.citation);
    textSpanFor(event).append(el("sup", { class: "marker", testid: "citation-marker" }, `[${number}]`));
  };

  /** A generated image, shown from its bytes: an object URL, so no base64 copy of it is made. */
  const addImage = (event: EventOf<"image">) => {
    const url = URL.createObjectURL(
      new Blob([event.data as Uint8Array<ArrayBuffer>], { type: `image/${event.format}` }),
    );
    appendBlock(
      el(
        "figure",
        { class: "generated-image", testid: "generated-image", "data-step": String(step) },
        el("img", { src: url, alt: "An image the model generated" }),
      ),
    );
  };

  const notice = (
    kind: "guardrail" | "retry" | "stopped" | "error" | "awaiting",
    text: string,
    testid: string,
  ): HTMLElement => {
    const role = kind === "retry" || kind === "awaiting" ? "status" : "alert";
    const element = el("p", { class: `notice ${kind}`, testid, role }, text);
    notices.append(element);
    return element;
  };

  const approvals = createTurnApprovals({ cardFor: toolCardFor, onDecisions, onChange });

  const pause = (pending: readonly ApprovalRequest[]) => {
    for (const request of pending) approvals.request(request);
    const calls = pending.length === 1 ? "the call" : `the ${pending.length} calls`;
    awaitingNotice = notice(
      "awaiting",
      `Waiting for your decision: approve or deny ${calls} above to carry on. A new message instead denies them.`,
      "awaiting-approval",
    );
    end("awaiting-approval");
    approvals.pause();
  };

  /** A retry that discards the partial step removes what that step showed so far. */
  const discardStep = (discarded: number) => {
    for (const node of body.querySelectorAll(`[data-step="${discarded}"]`)) node.remove();
    for (const [id, span] of textSpans) if (!span.isConnected) textSpans.delete(id);
    for (const [id, panel] of reasoningPanels) if (!panel.isConnected) reasoningPanels.delete(id);
    for (const [id, card] of toolCards) if (!card.element.isConnected) toolCards.delete(id);
    answer = undefined;
  };

  const end = (outcome: Exclude<TurnStatus, "running">) => {
    status = outcome;
    element.dataset.status = outcome;
    typing.remove();
    collapseReasoning();
    if (outcome === "awaiting-approval") return;
    approvals.drop();
    for (const card of toolCards.values()) card.cancel();
  };

  /** The transfer call becomes the handoff's marker: the marker says what its card would. */
  const showHandoff = (event: EventOf<"handoff">) => {
    const card = toolCards.get(event.toolUseId);
    const group = card?.element.parentElement;
    card?.element.remove();
    if (group?.classList.contains("tool-group") && group.childElementCount === 0) group.remove();
    toolCards.delete(event.toolUseId);
    appendBlock(agents.handoffMarker(event));
  };

  const handle = (event: AgentEvent): void => {
    if (status !== "running") return;
    // A sub-agent's run inside a tool call: its blocks show, its run and steps are not this turn's.
    if (!agents.isOwnRun(event) && SUB_RUN_SKIPS.has(event.type)) return;
    switch (event.type) {
      case "run-start":
      case "step-start": {
        if (event.type === "step-start") step = stepOffset + event.step;
        answer = undefined;
        const label = agents.speaking(event, element);
        if (label) appendBlock(label);
        break;
      }
      case "handoff":
        showHandoff(event);
        break;
      case "text-delta":
        textSpanFor(event).firstElementChild?.append(event.text);
        break;
      case "reasoning-delta": {
        const panel = reasoningPanelFor(event);
        collapseReasoning(panel);
        panel.querySelector(".reasoning-text")?.append(event.text);
        break;
      }
      case "reasoning-redacted":
        reasoningPanelFor(event)
          .querySelector(".reasoning-text")
          ?.append("Part of the reasoning was encrypted by the model provider; it is kept, not shown.");
        break;
      case "citation":
        addCitation(event);
        break;
      case "image":
        addImage(event);
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
      case "approval-requested":
        approvals.request(event);
        break;
      case "approval-decided":
        approvals.decided(event);
        break;
      case "guardrail":
        notice(
          "guardrail",
          `A guardrail intervened on the ${event.intervention.side}: part of this answer was blocked or masked.`,
          "guardrail-notice",
        );
        break;
      case "retry":
        if (event.discardsPartialStep) discardStep(stepOffset + event.step);
        notice(
          "retry",
          `Bedrock said ${event.code}; retrying in ${formatMs(event.delayMs)} (attempt ${event.attempt + 1}).`,
          "retry-notice",
        );
        break;
      case "step-end":
        usage.addStep(stepOffset + event.step, event);
        break;
      case "run-end":
        usage.endRun(event.result, toolCards.size);
        if (event.result.stopReason === "awaiting_approval") pause(event.result.pendingApprovals);
        else end("completed");
        break;
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
    get status() {
      return status;
    },
    get ended() {
      return status !== "running";
    },
    handle,
    finish(outcome, message) {
      if (status !== "running") return;
      if (outcome === "aborted")
        notice("stopped", "Stopped. Send another message to carry on.", "turn-stopped");
      else if (outcome === "failed")
        notice("error", message ?? "The answer could not be completed.", "error-notice");
      end(outcome);
      onChange();
    },
    resume() {
      if (status !== "awaiting-approval") return;
      status = "running";
      element.dataset.status = "running";
      awaitingNotice?.remove();
      body.after(typing);
      stepOffset = step;
      usage.startRun();
      onChange();
    },
    supersede() {
      if (status !== "awaiting-approval") return;
      approvals.supersede();
      awaitingNotice?.remove();
      notice("stopped", "You sent a new message instead, so the waiting calls were denied.", "superseded");
      end("completed");
      onChange();
    },
    answerSupersededCall: (event) => approvals.answerSupersededCall(event),
  };
}

/** The events of a sub-agent's run the turn leaves out: its run's start and end, its steps and usage. */
const SUB_RUN_SKIPS = new Set<AgentEvent["type"]>([
  "run-start",
  "step-start",
  "step-end",
  "run-end",
  "run-error",
  "retry",
  "usage",
]);

/** An event of a text or reasoning block: its `id` is `"{step}:{index}"`, unique within its run. */
type BlockEvent = { runId: string; id: string };

/** A block's key in the turn, whose runs (paused, then resumed) each number their steps from 1. */
function blockKey(block: BlockEvent): string {
  return `${block.runId}/${block.id}`;
}

function setText(node: Element | null, text: string): void {
  if (node) node.textContent = text;
}
