import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalContext, ApprovalVerdict, Approver, NeedsApproval } from "../contracts/approval.js";
import type { ToolCall, ToolCallOutcome } from "../contracts/tool-call.js";
import { describeError } from "../errors/describe-error.js";
import { type TrustedStep, trustedStep } from "../tools/compose-tool-middleware.js";
import { issuesText } from "../tools/steps/validate-input.js";
import { errorOutcome } from "../tools/tool-outcome.js";

/** A verdict a run already holds for a call, and who gave it. */
export interface KnownVerdict {
  verdict: ApprovalVerdict;
  decidedBy: "decision" | "new-message";
}

export interface ApprovalStepOptions {
  /** The rule for a call: the agent's `needsApproval` for the tool's name, else the tool's own. */
  ruleFor: (toolName: string) => NeedsApproval | undefined;
  /** Decides in this process; without it, a call that needs approval is left waiting. */
  approver: Approver | undefined;
  /** Verdicts this run brought for calls that waited (a resumed run). */
  verdicts: ReadonlyMap<string, KnownVerdict>;
  emit: (event: UnstampedEvent) => void;
}

/**
 * The approval step of the tool-call pipeline, after validation and the tool guardrail's input check and
 * before the tool runs (so outside its timeout). A call that needs approval is decided by the run's
 * verdicts, else by the approver (awaited, and given up when the run aborts), else left waiting.
 */
export function approvalStep(options: ApprovalStepOptions): TrustedStep {
  const ask = askFor(options);
  return trustedStep((call, next) => {
    const known = options.verdicts.get(call.toolUseId);
    if (known) return guarded(call, () => settle(call, known.verdict, known.decidedBy, next, options.emit));
    const rule = options.ruleFor(call.toolName);
    // Most calls need no approval: they pass on without an async step of their own.
    if (!rule) return next();
    return guarded(call, () => ask(call, next, rule));
  });
}

/** Asks whether a call needs approval and, when it does, who approves it: the approver, or a later run. */
function askFor(options: ApprovalStepOptions) {
  return async (
    call: ToolCall,
    next: (call?: ToolCall) => Promise<ToolCallOutcome>,
    rule: NeedsApproval,
  ): Promise<ToolCallOutcome> => {
    if (!(typeof rule === "function" ? await rule(call.input, contextOf(call)) : rule)) return next();
    const { toolUseId, toolName, input } = call;
    options.emit({ type: "approval-requested", toolUseId, toolName, input });
    if (!options.approver) return { status: "pending", input };
    const asked = Promise.resolve(options.approver({ ...contextOf(call), input }, { signal: call.signal }));
    const verdict = await untilAborted(asked, call.signal);
    if (verdict === undefined) return errorOutcome(`Tool "${toolName}" was not run: the run was aborted.`);
    return settle(call, verdict, "approver", next, options.emit);
  };
}

/** What a person's rule or approver threw, answered as the call's error result. */
async function guarded(call: ToolCall, work: () => Promise<ToolCallOutcome>): Promise<ToolCallOutcome> {
  try {
    return await work();
  } catch (error) {
    return errorOutcome(`Tool "${call.toolName}" was not run: its approval failed: ${describeError(error)}`);
  }
}

/** Runs an approved call (with its edited input, validated again) or answers a denied one. */
async function settle(
  call: ToolCall,
  verdict: ApprovalVerdict,
  decidedBy: "approver" | KnownVerdict["decidedBy"],
  next: (call?: ToolCall) => Promise<ToolCallOutcome>,
  emit: (event: UnstampedEvent) => void,
): Promise<ToolCallOutcome> {
  const { toolUseId, toolName } = call;
  if (typeof verdict !== "object" || verdict === null || typeof verdict.approved !== "boolean")
    return errorOutcome(
      `Tool "${toolName}" was not run: its approval gave no verdict (${describeError(verdict)}).`,
    );
  const reason = !verdict.approved && verdict.reason ? { reason: verdict.reason } : {};
  emit({ type: "approval-decided", toolUseId, toolName, approved: verdict.approved, ...reason, decidedBy });
  if (!verdict.approved) {
    const why = verdict.reason ? `: ${verdict.reason}` : ".";
    return errorOutcome(
      `The user denied this call of "${toolName}"${why} Do not call it again unless the user asks for it.`,
    );
  }
  if (verdict.input === undefined || !call.tool) return next();
  const validated = call.tool.validate(verdict.input);
  if (!validated.success)
    return errorOutcome(
      `Tool "${toolName}" was not run: the input the user approved is invalid: ${issuesText(validated.issues)}.`,
    );
  return next({ ...call, input: validated.value });
}

function contextOf(call: ToolCall): ApprovalContext {
  return {
    toolUseId: call.toolUseId,
    toolName: call.toolName,
    runId: call.runId,
    step: call.step,
    sessionId: call.sessionId,
  };
}

/** `work`'s value, or `undefined` as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
