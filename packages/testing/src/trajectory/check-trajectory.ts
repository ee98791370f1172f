import type { AgentPath } from "@lode/core";
import { describePath, matchesAgent } from "./agent-path-match.js";
import { partialMatch } from "./partial-match.js";
import type { TrajectoryCall } from "./tool-calls-of.js";

/** A call a trajectory expects: the tool's name, and optionally part of its input and which agent made it. */
export interface ExpectedCall {
  name: string;
  /** Matched partially: every key given must be there and equal; extra keys are fine. */
  input?: unknown;
  /**
   * The agent that made the call, by name: the last name of its path, so `"docs"` is met by a call of
   * `["support", "docs"]`. Any agent when left out.
   */
  agent?: string;
  /** The whole path of the agent that made the call, outermost first (`["support", "docs"]`), exactly. */
  agentPath?: AgentPath;
}

/**
 * How the calls made compare with those expected, as in agentevals' trajectory match:
 * - `strict`: the same calls in the same order;
 * - `unordered`: the same calls, in any order;
 * - `subset`: every call made was expected (some expected ones may be missing);
 * - `superset`: every expected call was made (others may have been too).
 */
export type TrajectoryMode = "strict" | "unordered" | "subset" | "superset";

export interface TrajectoryVerdict {
  pass: boolean;
  /** What was expected and what happened, for a failure message. */
  message: string;
}

/** Checks the calls made against those expected, in `mode`. */
export function checkTrajectory(
  actual: readonly TrajectoryCall[],
  expected: readonly ExpectedCall[],
  mode: TrajectoryMode = "strict",
): TrajectoryVerdict {
  const pass = matches(actual, expected, mode);
  const byAgent = namesAgents(expected) || madeByManyAgents(actual);
  return {
    pass,
    message: `expected the tool calls ${pass ? "not " : ""}to match (${mode}):\n${describeCalls(expected, byAgent)}\nthe calls made:\n${describeCalls(actual, byAgent)}`,
  };
}

/** Whether any expected call says which agent made it. */
export function namesAgents(expected: readonly ExpectedCall[]): boolean {
  return expected.some((call) => call.agent !== undefined || call.agentPath !== undefined);
}

/** Whether the calls came from more than one agent (then a failure message says who made each). */
export function madeByManyAgents(calls: readonly TrajectoryCall[]): boolean {
  return new Set(calls.map((call) => describePath(call.agentPath))).size > 1;
}

/** Whether a call made is one expected: its tool, its input (partially), and its agent when named. */
export function fitsCall(call: TrajectoryCall, wanted: ExpectedCall): boolean {
  return (
    call.name === wanted.name &&
    partialMatch(call.input, wanted.input) &&
    (wanted.agent === undefined || matchesAgent(call.agentPath, wanted.agent)) &&
    (wanted.agentPath === undefined || matchesAgent(call.agentPath, wanted.agentPath))
  );
}

/** One call, made or expected, as a failure message writes it: `refund {"order":"A1"} by billing`. */
function describeCall(call: TrajectoryCall | ExpectedCall, byAgent: boolean): string {
  const agent =
    "agentPath" in call && call.agentPath !== undefined
      ? describePath(call.agentPath)
      : "agent" in call
        ? call.agent
        : undefined;
  return `${call.name} ${JSON.stringify(call.input ?? {})}${byAgent && agent !== undefined ? ` by ${agent}` : ""}`;
}

/** Calls, made or expected, one per indented line, or `(none)`. */
function describeCalls(calls: readonly (TrajectoryCall | ExpectedCall)[], byAgent: boolean): string {
  return calls.length === 0 ? "  (none)" : calls.map((call) => `  ${describeCall(call, byAgent)}`).join("\n");
}

function matches(
  actual: readonly TrajectoryCall[],
  expected: readonly ExpectedCall[],
  mode: TrajectoryMode,
): boolean {
  switch (mode) {
    case "strict":
      return (
        actual.length === expected.length &&
        expected.every((wanted, index) => fitsCall(actual[index] as TrajectoryCall, wanted))
      );
    case "unordered":
      return actual.length === expected.length && pairsAll(expected, actual, fitsCall);
    case "subset":
      return pairsAll(actual, expected, (wanted, call) => fitsCall(call, wanted));
    case "superset":
      return pairsAll(expected, actual, fitsCall);
  }
}

/**
 * Whether each of `left` can be given its own distinct partner in `right` (a bipartite matching, by
 * augmenting paths: a greedy choice can fail where partial inputs overlap).
 */
function pairsAll<L, R>(left: readonly L[], right: readonly R[], fits: (a: R, b: L) => boolean): boolean;
function pairsAll(
  left: readonly unknown[],
  right: readonly unknown[],
  fits: (a: never, b: never) => boolean,
): boolean {
  const partnerOf = new Array<number>(right.length).fill(-1);
  const tryPlace = (index: number, seen: boolean[]): boolean => {
    for (let candidate = 0; candidate < right.length; candidate++) {
      if (seen[candidate] || !fits(right[candidate] as never, left[index] as never)) continue;
      seen[candidate] = true;
      const holder = partnerOf[candidate] ?? -1;
      if (holder === -1 || tryPlace(holder, seen)) {
        partnerOf[candidate] = index;
        return true;
      }
    }
    return false;
  };
  return left.every((_, index) => tryPlace(index, new Array<boolean>(right.length).fill(false)));
}
