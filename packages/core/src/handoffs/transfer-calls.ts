import type { ResolvedHandoffTarget } from "../agent/agent-defaults.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { RunContext } from "../loop/run-context.js";
import type { AssembledToolUse } from "../model/tool-input.js";

/** A transfer the step took: the loop hands the conversation over once the step's results are in. */
export interface TakenHandoff {
  target: ResolvedHandoffTarget;
  toolUseId: string;
  reason?: string;
}

/** The step's transfer calls, sorted before any runs: the one that may be taken, and the declined. */
export interface TransferPlan {
  /** The first transfer call, when the run's limit allows one more handoff. */
  candidate: AssembledToolUse | undefined;
  /** Answered already: every later transfer call, and the first too when the limit is reached. */
  declined: ToolCallRecord[];
  /** The model asked for a handoff beyond `maxHandoffs`: the run stops (`"max_handoffs"`). */
  limitReached: boolean;
}

/**
 * Sorts a step's transfer calls: only the first is taken (the model's first choice; the conversation
 * cannot go two ways), the others are answered as not taken before anything runs. A run that has made
 * `maxHandoffs` handoffs takes none and stops.
 */
export function planTransfers(
  ctx: RunContext,
  step: number,
  toolUses: readonly AssembledToolUse[],
): TransferPlan | undefined {
  if (ctx.handoffTargets.size === 0) return undefined;
  const transfers = toolUses.filter((use) => ctx.handoffTargets.has(use.toolName));
  if (transfers.length === 0) return undefined;
  const [first, ...rest] = transfers as [AssembledToolUse, ...AssembledToolUse[]];
  const limitReached = ctx.handoffs.count >= ctx.handoffs.max;
  const firstTarget = ctx.handoffTargets.get(first.toolName)?.name;
  const declined = rest.map((use) =>
    declinedRecord(
      ctx,
      step,
      use,
      `Not transferred: this turn already asked to transfer to ${firstTarget}; only the first transfer is taken.`,
    ),
  );
  if (limitReached)
    declined.unshift(
      declinedRecord(
        ctx,
        step,
        first,
        `Not transferred: the run reached its limit of ${ctx.handoffs.max} handoffs.`,
      ),
    );
  return { candidate: limitReached ? undefined : first, declined, limitReached };
}

/** The transfer the step took: its candidate, when the pipeline answered it with success (approved). */
export function takenHandoff(
  ctx: RunContext,
  plan: TransferPlan | undefined,
  records: readonly ToolCallRecord[],
): TakenHandoff | undefined {
  const candidate = plan?.candidate;
  if (!candidate) return undefined;
  const record = records.find((item) => item.toolUseId === candidate.toolUseId);
  const target = ctx.handoffTargets.get(candidate.toolName);
  if (record?.status !== "success" || !target) return undefined;
  const reason = (candidate.input as { reason?: unknown } | undefined)?.reason;
  return { target, toolUseId: candidate.toolUseId, ...(typeof reason === "string" ? { reason } : {}) };
}

function declinedRecord(ctx: RunContext, step: number, use: AssembledToolUse, text: string): ToolCallRecord {
  const { toolUseId, toolName } = use;
  const input = use.input === undefined ? use.rawInput : use.input;
  const content = [{ text }];
  return {
    step,
    toolUseId,
    toolName,
    input,
    status: "error",
    content,
    durationMs: 0,
    agentPath: ctx.agentPath,
  };
}
