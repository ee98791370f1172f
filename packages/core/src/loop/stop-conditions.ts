import type { RunProgress, StopCondition } from "../contracts/stop-condition.js";

/** Stops the run once it has made `count` model calls (`stopReason: "max_steps"`). */
export function stepCountIs(count: number): StopCondition {
  return { reason: "max_steps", isMet: ({ steps }) => steps.length >= count };
}

/** Stops the run once its steps have used `tokens` tokens or more (`stopReason: "max_total_tokens"`). */
export function totalTokensAtLeast(tokens: number): StopCondition {
  return { reason: "max_total_tokens", isMet: ({ usage }) => usage.totalTokens >= tokens };
}

/**
 * Starts no step once the run has taken `ms` milliseconds (`stopReason: "time_limit"`): the step in flight
 * finishes. `timeoutMs` is the hard limit, which aborts it.
 */
export function elapsedAtLeast(ms: number): StopCondition {
  return { reason: "time_limit", isMet: ({ elapsedMs }) => elapsedMs >= ms };
}

/** A predicate of yours as a stop condition (`stopReason: "stop_condition"`). */
export function stopWhen(predicate: (progress: RunProgress) => boolean): StopCondition {
  return { reason: "stop_condition", isMet: predicate };
}

/** The first of `conditions` that is met, if any. */
export function metStopCondition(
  conditions: readonly StopCondition[],
  progress: RunProgress,
): StopCondition | undefined {
  return conditions.find((condition) => condition.isMet(progress));
}
