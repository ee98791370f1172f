import { type AgentSelector, describeAgent, describePath, matchesAgent } from "./agent-path-match.js";
import type { TrajectoryVerdict } from "./check-trajectory.js";
import type { HandoffRecord } from "./handoffs-of.js";

/** A handoff a test expects. Every field left out matches any handoff. */
export interface ExpectedHandoff {
  /** The agent handing off, by name, or by its whole path (`["support", "docs"]`). */
  from?: AgentSelector;
  /** The agent taking over, by name. */
  to?: string;
  /** The reason the model gave: equal to a string, or matching a RegExp. */
  reason?: string | RegExp;
}

/** Whether a handoff made is one expected. */
export function fitsHandoff(handoff: HandoffRecord, wanted: ExpectedHandoff): boolean {
  const { from, to, reason } = wanted;
  return (
    (from === undefined || matchesAgent(handoff.agentPath, from)) &&
    (to === undefined || handoff.to === to) &&
    (reason === undefined ||
      (typeof reason === "string"
        ? handoff.reason === reason
        : handoff.reason !== undefined && reason.test(handoff.reason)))
  );
}

/**
 * A handoff, made or expected, as failure messages write it: `triage -> billing`, a sub-agent's as
 * `support/docs -> faq`; with its reason when `withReason`.
 */
export function describeHandoff(handoff: HandoffRecord | ExpectedHandoff, withReason = true): string {
  const made = "agentPath" in handoff;
  const from = made
    ? describePath(handoff.agentPath)
    : handoff.from === undefined
      ? "(any)"
      : describeAgent(handoff.from);
  const reason =
    !withReason || handoff.reason === undefined
      ? ""
      : ` (reason ${made ? JSON.stringify(handoff.reason) : String(handoff.reason)})`;
  return `${from} -> ${handoff.to ?? "(any)"}${reason}`;
}

/** What the run did, its reasons said only when an expectation asks about one. */
function describeMade(handoffs: readonly HandoffRecord[], withReasons: boolean): string {
  return handoffs.length === 0
    ? "the run made no handoff"
    : `the run handed off ${handoffs.map((handoff) => describeHandoff(handoff, withReasons)).join(", then ")}`;
}

/** Checks that the run made at least one handoff that is `expected`. */
export function checkHandedOff(
  actual: readonly HandoffRecord[],
  expected: ExpectedHandoff,
): TrajectoryVerdict {
  const pass = actual.some((handoff) => fitsHandoff(handoff, expected));
  return {
    pass,
    message: `expected ${pass ? "no" : "a"} handoff ${describeHandoff(expected)}, but ${describeMade(actual, expected.reason !== undefined)}`,
  };
}

/** Checks that the run's handoffs are exactly `expected`, in order (`[]`: no handoff at all). */
export function checkHandoffs(
  actual: readonly HandoffRecord[],
  expected: readonly ExpectedHandoff[],
): TrajectoryVerdict {
  const pass =
    actual.length === expected.length &&
    expected.every((wanted, index) => fitsHandoff(actual[index] as HandoffRecord, wanted));
  const wanted =
    expected.length === 0
      ? "no handoff"
      : expected.map((handoff) => describeHandoff(handoff)).join(", then ");
  const withReasons = expected.some((handoff) => handoff.reason !== undefined);
  return {
    pass,
    message: `expected the handoffs ${pass ? "not " : ""}to be ${wanted}, but ${describeMade(actual, withReasons)}`,
  };
}
