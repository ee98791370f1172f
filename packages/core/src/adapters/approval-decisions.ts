import type { ApprovalDecision } from "../contracts/approval.js";
import { LodeError } from "../errors/lode-error.js";

/** A part of a UI message, as the AI SDK's `useChat` sends it: only what approvals need. */
interface UIToolPart {
  type?: unknown;
  toolCallId?: unknown;
  state?: unknown;
  approval?: { approved?: unknown; reason?: unknown };
}

/**
 * The decisions a request body brings on calls waiting for approval, from either form a client sends:
 * Lode's own `{ decisions: [{ toolUseId, approved, reason? }] }` (what `streamAgent` posts), or the AI SDK's
 * `useChat` body `{ messages }`, whose last assistant message holds tool parts in state
 * `"approval-responded"` (what `addToolApprovalResponse` makes). `undefined` when the body brings none;
 * a `LodeError` `invalid-request` when its decisions are malformed. Pass them on as the run's input:
 * `agent.stream({ decisions }, { sessionId })`.
 */
export function approvalDecisionsOf(body: unknown): ApprovalDecision[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { decisions, messages } = body as { decisions?: unknown; messages?: unknown };
  if (decisions !== undefined) return checked(decisions);
  if (!Array.isArray(messages)) return undefined;
  const last = messages.findLast((message) => (message as { role?: unknown })?.role === "assistant") as
    | { parts?: unknown }
    | undefined;
  const parts = Array.isArray(last?.parts) ? (last.parts as UIToolPart[]) : [];
  const responded = parts.flatMap((part): ApprovalDecision[] => {
    if (part?.state !== "approval-responded" || typeof part.toolCallId !== "string") return [];
    const { approved, reason } = part.approval ?? {};
    if (approved === true) return [{ toolUseId: part.toolCallId, approved: true }];
    return [
      {
        toolUseId: part.toolCallId,
        approved: false,
        ...(typeof reason === "string" && reason !== "" ? { reason } : {}),
      },
    ];
  });
  return responded.length > 0 ? responded : undefined;
}

function checked(decisions: unknown): ApprovalDecision[] {
  const valid =
    Array.isArray(decisions) &&
    decisions.length > 0 &&
    decisions.every((decision) => {
      const { toolUseId, approved, reason } = (decision ?? {}) as Record<string, unknown>;
      return (
        typeof toolUseId === "string" &&
        toolUseId !== "" &&
        typeof approved === "boolean" &&
        (reason === undefined || typeof reason === "string")
      );
    });
  if (!valid)
    throw new LodeError(
      "invalid-request",
      "decisions must be a non-empty array of { toolUseId: string, approved: boolean, reason?: string }.",
    );
  return decisions as ApprovalDecision[];
}
