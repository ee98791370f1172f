import type { LodeErrorCode } from "../errors/lode-error.js";

/**
 * The text Lode adds after an interrupted answer (the run was aborted or timed out mid-answer), or as the
 * whole answer when nothing had been streamed yet: the history keeps the question and what the user saw.
 */
export const INTERRUPTED_NOTE = "[Interrupted: the run was stopped before this answer was complete.]";

/**
 * The assistant note that ends a run's messages when they would end on tool results the model never read
 * (a limit, an abort, a failure, or the structured-output tool's answer), so a later user message can
 * follow and the stored history alternates roles as Bedrock requires.
 */
export function closingNote(
  why:
    | { kind: "limit"; reason: string }
    | { kind: "output" }
    | { kind: "interrupted" }
    | { kind: "failed"; code: LodeErrorCode },
): string {
  switch (why.kind) {
    case "limit":
      return `[The run stopped here (${why.reason}) before the model read these tool results.]`;
    case "output":
      return "[Final output given.]";
    case "interrupted":
      return INTERRUPTED_NOTE;
    case "failed":
      return `[The run failed here (${why.code}) before the model read these tool results.]`;
  }
}
