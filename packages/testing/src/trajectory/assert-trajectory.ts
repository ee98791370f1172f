import { AssertionError } from "node:assert";
import type { AgentEvent, RunResult } from "@lode/core";
import { checkTrajectory, type ExpectedCall, type TrajectoryMode } from "./check-trajectory.js";
import { toolCallsOf } from "./tool-calls-of.js";

/**
 * Throws an `AssertionError` (node:assert's, which node:test and every runner report) when the run's tool
 * calls do not match `expected` in `mode`. For vitest, the matchers of `@lode/testing/vitest` say the same.
 */
export function assertTrajectory(
  run: RunResult<unknown> | readonly AgentEvent[],
  expected: readonly ExpectedCall[],
  mode: TrajectoryMode = "strict",
): void {
  const verdict = checkTrajectory(toolCallsOf(run), expected, mode);
  if (!verdict.pass) throw new AssertionError({ message: verdict.message });
}
