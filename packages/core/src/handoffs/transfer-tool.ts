import type { AnyTool, ValidationOutcome } from "../contracts/tool.js";
import type { HandoffTarget } from "./handoff-target.js";

/** What the model sends with a transfer call. */
export interface TransferInput {
  reason?: string;
}

/**
 * The tool the model calls to hand the conversation to `target`. Calling it is an outcome, not work: the
 * pipeline answers it like any call (so it may need approval), and the loop goes on with the target at
 * the next step. Only the step's first transfer is taken (`declineExtraTransfers`).
 */
export function transferTool(target: HandoffTarget, targetDescription: string | undefined): AnyTool {
  const description =
    target.description ??
    `Hand the conversation to the ${target.name} agent${targetDescription ? `: ${targetDescription}` : "."}`;
  return {
    name: target.toolName,
    description,
    inputSchema: {
      type: "object",
      properties: {
        reason: { type: "string", description: "Why the conversation goes to this agent, in a sentence." },
      },
    },
    idempotent: true,
    ...(target.needsApproval !== undefined ? { needsApproval: target.needsApproval } : {}),
    validate(input): ValidationOutcome<TransferInput> {
      const value = (input ?? {}) as { reason?: unknown };
      if (typeof value !== "object" || Array.isArray(value))
        return { success: false, issues: [{ path: "", message: "must be an object" }] };
      if (value.reason !== undefined && typeof value.reason !== "string")
        return { success: false, issues: [{ path: "reason", message: "must be a string" }] };
      return { success: true, value: value.reason !== undefined ? { reason: value.reason } : {} };
    },
    async run() {
      return [{ text: `Transferred to ${target.name}.` }];
    },
  };
}
