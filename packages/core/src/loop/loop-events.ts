import type { PendingApproval } from "../approvals/pending-approval.js";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ModelCallResult } from "../model/call-model-with-retry.js";
import type { RunContext } from "./run-context.js";

/** A run's first event: its input, and its session, the run it resumes and its caller's, when it has them. */
export function runStart(ctx: RunContext, pending: PendingApproval | undefined): UnstampedEvent {
  return {
    type: "run-start",
    input: ctx.input,
    ...(ctx.session ? { sessionId: ctx.sessionId } : {}),
    ...(pending ? { resumes: pending.runId } : {}),
    ...(ctx.parent ? { parent: ctx.parent } : {}),
  };
}

/** A step's last event: how its model call stopped, and what it used. */
export function stepEnd(outcome: ModelCallResult): UnstampedEvent {
  return { type: "step-end", stopReason: outcome.stopReason, usage: outcome.usage };
}
