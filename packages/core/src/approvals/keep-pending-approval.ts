import type { RunContext } from "../loop/run-context.js";
import type { Transcript } from "../loop/transcript.js";
import type { StoreCallBounds } from "../memory/call-store.js";
import type { PendingApproval } from "./pending-approval.js";
import { savePendingApproval } from "./pending-approval-store.js";

/** A paused run's calls: the message that asked for them, those answered, those waiting. */
export type PausedCalls = Pick<PendingApproval, "message" | "answered" | "waiting">;

/**
 * After the run's messages are written: keeps the calls it left waiting in the session (at the version
 * its write reached, which decisions must find), or clears the record of calls it resumed. Written after
 * the messages, so a crash in between leaves a valid history that merely forgot the request.
 */
export async function keepPendingApproval(
  ctx: RunContext,
  transcript: Transcript,
  paused: PausedCalls | undefined,
  bounds: StoreCallBounds,
): Promise<void> {
  if (!ctx.session) return;
  const record: PendingApproval | undefined = paused
    ? { version: 1, runId: ctx.runId, sessionVersion: transcript.version, ...paused }
    : undefined;
  await savePendingApproval(ctx.session.store, ctx.session.sessionId, record, bounds);
}
