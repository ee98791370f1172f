import { partialMatch } from "./partial-match.js";
import type { TrajectoryCall } from "./tool-calls-of.js";

/** A call a trajectory expects: the tool's name, and optionally part of its input. */
export interface ExpectedCall {
  name: string;
  /** Matched partially: every key given must be there and equal; extra keys are fine. */
  input?: unknown;
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
  const describe = (calls: readonly (TrajectoryCall | ExpectedCall)[]) =>
    calls.length === 0
      ? "  (none)"
      : calls.map((call) => `  ${call.name} ${JSON.stringify(call.input ?? {})}`).join("\n");
  return {
    pass,
    message: `expected the tool calls ${pass ? "not " : ""}to match (${mode}):\n${describe(expected)}\nthe calls made:\n${describe(actual)}`,
  };
}

function matches(
  actual: readonly TrajectoryCall[],
  expected: readonly ExpectedCall[],
  mode: TrajectoryMode,
): boolean {
  const fits = (call: TrajectoryCall, wanted: ExpectedCall) =>
    call.name === wanted.name && partialMatch(call.input, wanted.input);
  switch (mode) {
    case "strict":
      return (
        actual.length === expected.length &&
        expected.every((wanted, index) => fits(actual[index] as TrajectoryCall, wanted))
      );
    case "unordered":
      return actual.length === expected.length && pairsAll(expected, actual, fits);
    case "subset":
      return pairsAll(actual, expected, (wanted, call) => fits(call, wanted));
    case "superset":
      return pairsAll(expected, actual, fits);
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
