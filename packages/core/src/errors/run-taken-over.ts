import { LodeError } from "./lode-error.js";

const TAKEN_OVER = Symbol.for("lode.run-taken-over");

/**
 * The error a checkpointed run stops with when another attempt has taken it over (its worker stalled
 * without dying, and another resumed it): code `conflict`. A run aborted with it, or whose checkpointer
 * threw it, writes nothing to its session: the attempt that holds the run now writes the conversation, and
 * a write of this one's (under the same block ids) would take its place.
 */
export function runTakenOver(runId: string, cause?: unknown): LodeError {
  const error = new LodeError("conflict", `Run ${runId} was taken over by another attempt.`, { cause });
  Object.defineProperty(error, TAKEN_OVER, { value: true });
  return error;
}

/** Whether `error` is `runTakenOver`'s. */
export function isRunTakenOver(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[TAKEN_OVER] === true
  );
}
