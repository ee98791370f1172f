import type { LimitStopReason, StepResult, StepUsage } from "./run-result.js";

/** What a stop condition sees between two steps of a run. */
export interface RunProgress {
  /** The steps so far, oldest first. */
  readonly steps: readonly StepResult[];
  /** Usage summed over those steps. */
  readonly usage: StepUsage;
  /** Milliseconds since the run started. */
  readonly elapsedMs: number;
}

/**
 * Asked before each model step: when `isMet` is true the run starts no further step and ends with `reason`
 * as its stop reason. Built-ins: `stepCountIs`, `totalTokensAtLeast`, `elapsedAtLeast`; any predicate
 * becomes one with `stopWhen`.
 */
export interface StopCondition {
  readonly reason: LimitStopReason;
  isMet(progress: RunProgress): boolean;
}
