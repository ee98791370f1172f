import { AssertionError } from "node:assert";
import type { AgentEvent, RunResult } from "@lode/core";
import { checkHandedOff, checkHandoffs, type ExpectedHandoff } from "./check-handoffs.js";
import { handoffsOf } from "./handoffs-of.js";

/**
 * Throws node:assert's `AssertionError` unless the run (its result or its events) made a handoff that is
 * `expected`. For vitest, `toHaveHandedOff` says the same.
 */
export function assertHandedOff(
  run: RunResult<unknown> | readonly AgentEvent[],
  expected: ExpectedHandoff,
): void {
  const verdict = checkHandedOff(handoffsOf(run), expected);
  if (!verdict.pass) throw new AssertionError({ message: verdict.message });
}

/**
 * Throws node:assert's `AssertionError` unless the run's handoffs are exactly `expected`, in order. For
 * vitest, `toHaveHandoffs` says the same.
 */
export function assertHandoffs(
  run: RunResult<unknown> | readonly AgentEvent[],
  expected: readonly ExpectedHandoff[],
): void {
  const verdict = checkHandoffs(handoffsOf(run), expected);
  if (!verdict.pass) throw new AssertionError({ message: verdict.message });
}
