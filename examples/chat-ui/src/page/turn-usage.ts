import type { EventOf, RunResult } from "@lode/core/client";
import { el } from "./dom.js";
import { formatCount, formatMs, formatStopReason } from "./format.js";

/**
 * A turn's footer: each step's usage as the step ends, then a summary of the turn. A turn whose calls
 * waited for approval took two runs (or more); the summary adds them up, and its time leaves out the
 * wait for the person.
 */
export interface TurnUsage {
  readonly element: HTMLElement;
  /** A run starts in this turn: its time counts from now. */
  startRun(): void;
  /** `step` is the step's number in the turn, which goes on from one run to the next. */
  addStep(step: number, event: EventOf<"step-end">): void;
  endRun(result: RunResult<unknown>, toolCalls: number): void;
}

export function createTurnUsage(): TurnUsage {
  const stepUsage = el("ul", { class: "step-usage" });
  const summary = el("p", { class: "summary", testid: "run-summary", hidden: "" });
  const element = el("footer", { class: "turn-meta", testid: "usage", hidden: "" }, stepUsage, summary);
  const total = { steps: 0, inputTokens: 0, outputTokens: 0, ms: 0 };
  let runStartedAt = performance.now();

  return {
    element,
    startRun() {
      runStartedAt = performance.now();
    },
    addStep(step, { stopReason, usage }) {
      stepUsage.append(
        el(
          "li",
          { class: "usage-chip", testid: "step-usage" },
          el("span", { class: "step-label" }, `Step ${step}`),
          el("span", {}, formatStopReason(stopReason)),
          el("span", {}, `${formatCount(usage.inputTokens)} in`),
          el("span", {}, `${formatCount(usage.outputTokens)} out`),
          el("span", {}, formatMs(usage.latencyMs)),
        ),
      );
      element.hidden = false;
    },
    endRun(result, toolCalls) {
      total.steps += result.steps.length;
      total.inputTokens += result.usage.inputTokens;
      total.outputTokens += result.usage.outputTokens;
      total.ms += performance.now() - runStartedAt;
      summary.textContent = [
        `${total.steps} ${total.steps === 1 ? "step" : "steps"}`,
        `${toolCalls} tool ${toolCalls === 1 ? "call" : "calls"}`,
        `${formatCount(total.inputTokens)} in / ${formatCount(total.outputTokens)} out tokens`,
        `${formatMs(total.ms)} total`,
      ].join(" · ");
      summary.hidden = false;
      element.hidden = false;
    },
  };
}
