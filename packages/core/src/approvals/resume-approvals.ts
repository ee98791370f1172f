import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalDecision, ApprovalRequest } from "../contracts/approval.js";
import { LodeError } from "../errors/lode-error.js";
import { takeHandoff } from "../handoffs/take-handoff.js";
import type { RunContext } from "../loop/run-context.js";
import { runToolStep } from "../loop/run-tool-step.js";
import { toolUsesOf } from "../loop/tool-uses-of.js";
import type { Transcript } from "../loop/transcript.js";
import type { KnownVerdict } from "./approval-step.js";
import type { PausedCalls } from "./keep-pending-approval.js";
import type { PendingApproval } from "./pending-approval.js";

/** Why a new user message answers the calls it finds waiting. */
const SUPERSEDED = "The user sent a new message instead of deciding on this call.";

/**
 * The start of a run on a session whose calls wait for approval: the run's decisions are checked against
 * them (an unknown or already decided `toolUseId` is `invalid-request`), the approved calls run through the
 * pipeline, the denied ones are answered with an error result; a new user message instead of decisions
 * denies them all. Once every call is answered, the waiting message and its results join the transcript,
 * whose first write must then land where the pause left the session (another process that resumed it
 * first makes it a `conflict`). The calls answered here are the run's step 0 (`ctx.resumedCalls`). Returns
 * the calls still waiting when decisions covered only some of them.
 */
export async function* resumeApprovals(
  ctx: RunContext,
  transcript: Transcript,
  pending: PendingApproval | undefined,
): AsyncGenerator<UnstampedEvent, PausedCalls | undefined> {
  const decisions = ctx.decisions ?? [];
  const current = pending && pending.sessionVersion === transcript.version ? pending : undefined;
  checkDecisions(decisions, current, ctx.sessionId);
  if (!current) return undefined;
  for (const { toolUseId, ...verdict } of decisions)
    ctx.approvalVerdicts.set(toolUseId, { verdict, decidedBy: "decision" });
  if (ctx.input.length > 0)
    for (const { toolUseId } of current.waiting)
      if (!ctx.approvalVerdicts.has(toolUseId))
        ctx.approvalVerdicts.set(toolUseId, {
          verdict: { approved: false, reason: SUPERSEDED },
          decidedBy: "new-message",
        });
  ctx.innerDecisions = innerDecisions(current.waiting, ctx.approvalVerdicts);
  const toolUses = toolUsesOf(current.message);
  const tools = yield* runToolStep(ctx, 0, toolUses, current.answered);
  // The calls answered before the pause are in the paused run's result; this run's are those it answered.
  const answeredBefore = new Set(current.answered.map((record) => record.toolUseId));
  ctx.resumedCalls = {
    message: current.message,
    toolCalls: tools.records.filter((record) => !answeredBefore.has(record.toolUseId)),
    // The paused step's agent: a handoff the step makes comes after it.
    agentPath: ctx.agentPath,
  };
  // Some still undecided: the run pauses again, with what it has answered so far.
  if (!tools.resultMessage)
    return { message: current.message, answered: tools.records, waiting: tools.waiting };
  transcript.append(current.message, tools.resultMessage);
  transcript.landNextWriteAt(current.sessionVersion);
  yield { type: "message", message: current.message };
  yield { type: "message", message: tools.resultMessage };
  if (tools.handoff) yield* takeHandoff(ctx, transcript, tools.handoff);
  return undefined;
}

/**
 * The verdicts on calls that wait inside a call of the run (a sub-agent's), as decisions grouped by that
 * call: it runs again, and passes them to the sub-agent, which resumes where it stopped.
 */
function innerDecisions(
  waiting: readonly ApprovalRequest[],
  verdicts: ReadonlyMap<string, KnownVerdict>,
): Map<string, ApprovalDecision[]> | undefined {
  let byCall: Map<string, ApprovalDecision[]> | undefined;
  for (const { toolUseId, parentToolUseId } of waiting) {
    const known = verdicts.get(toolUseId);
    if (parentToolUseId === undefined || !known) continue;
    byCall ??= new Map();
    const decisions = byCall.get(parentToolUseId) ?? [];
    decisions.push({ toolUseId, ...known.verdict });
    byCall.set(parentToolUseId, decisions);
  }
  return byCall;
}

function checkDecisions(
  decisions: readonly ApprovalDecision[],
  pending: PendingApproval | undefined,
  sessionId: string | undefined,
): void {
  if (decisions.length === 0) return;
  if (sessionId === undefined)
    throw new LodeError(
      "invalid-request",
      "Decisions on calls waiting for approval need the run's sessionId.",
    );
  const waiting = new Set(pending?.waiting.map((request) => request.toolUseId));
  const seen = new Set<string>();
  for (const { toolUseId } of decisions) {
    if (!waiting.has(toolUseId))
      throw new LodeError(
        "invalid-request",
        `No call ${toolUseId} waits for approval in session ${sessionId}: it is unknown, or already decided.`,
      );
    if (seen.has(toolUseId))
      throw new LodeError("invalid-request", `Two decisions name the call ${toolUseId}.`);
    seen.add(toolUseId);
  }
}
