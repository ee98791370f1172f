import type { UnstampedEvent } from "../contracts/agent-event.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { describeError } from "../errors/describe-error.js";
import { LodeError } from "../errors/lode-error.js";
import { isRunTakenOver, runTakenOver } from "../errors/run-taken-over.js";
import type { ModelStepProgress } from "../model/stream-model-step.js";
import { closingNote, INTERRUPTED_NOTE } from "./closing-notes.js";
import type { RunContext } from "./run-context.js";
import type { Transcript } from "./transcript.js";

/** How long the last write of an aborted or timed-out run may take: the caller is not kept waiting. */
const STOPPED_RUN_WRITE_MS = 1_000;

/**
 * The end of a run that failed or was stopped: what it keeps, its error, and its `run-error` event.
 * - Aborted or timed out: the question and what the user saw stay (the partial answer, or the tool
 *   results, closed by an "interrupted" note), so "go on" has something to go on from.
 * - Failed: the steps it completed stay (closed by a note when they end on tool results); a run that
 *   completed none keeps nothing, not even its question, which may be what Bedrock refused.
 * A failure to write is reported with the run's own error, which stays the cause.
 */
export async function* failRun(
  ctx: RunContext,
  transcript: Transcript | undefined,
  inFlight: ModelStepProgress | undefined,
  error: unknown,
): AsyncGenerator<UnstampedEvent, LodeError> {
  const stopped = ctx.signal.aborted;
  let failure = stopped ? stopError(ctx, error) : classifyAwsError(error);
  // Another attempt holds this run now (durable runs): the session is its to write.
  const takenOver = isRunTakenOver(ctx.signal.reason) || isRunTakenOver(ctx.checkpointFailure);
  if (takenOver) failure = runTakenOver(ctx.runId, failure);
  if (transcript && !takenOver && !transcript.writeFailed && (stopped || transcript.hasModelTurn())) {
    if (stopped && transcript.last()?.role === "user") {
      transcript.append({
        role: "assistant",
        content: [...(inFlight?.partialText() ?? []), { text: INTERRUPTED_NOTE }],
      });
    } else transcript.closeTurn(closingNote({ kind: "failed", code: failure.code }));
    try {
      // A stopped run's signal has fired: its last write gets a short time of its own instead.
      await transcript.write(
        stopped
          ? {
              signal: new AbortController().signal,
              timeoutMs: Math.min(ctx.storeTimeoutMs, STOPPED_RUN_WRITE_MS),
            }
          : { signal: ctx.signal, timeoutMs: ctx.storeTimeoutMs },
      );
    } catch (storeError) {
      failure = new LodeError(
        failure.code,
        `${failure.message} What it had done could not be stored: ${describeError(storeError)}`,
        { cause: failure, requestId: failure.requestId, retryable: failure.retryable },
      );
    }
  }
  yield { type: "run-error", code: failure.code, message: failure.message, error: failure };
  return failure;
}

/** The error of a stopped run: a timeout or an abort, unless the run had already failed otherwise. */
export function stopError(ctx: RunContext, cause?: unknown): LodeError {
  if (LodeError.isInstance(cause) && cause.code !== "aborted" && cause.code !== "store-failed") return cause;
  return ctx.timedOut()
    ? new LodeError("timeout", "The run exceeded its time limit.", { cause })
    : new LodeError("aborted", "The run was aborted.", { cause });
}
