import type { ToolCallAnswer, ToolCallOutcome } from "../contracts/tool-call.js";

/** An error result whose text tells the model what went wrong. */
export function errorOutcome(message: string): ToolCallAnswer {
  return { status: "error", content: [{ text: message }] };
}

/** Whether a step returned a real outcome (a user's step may return anything). */
export function isToolCallOutcome(value: unknown): value is ToolCallOutcome {
  const outcome = value as ToolCallOutcome | null | undefined;
  if (typeof outcome !== "object" || outcome === null) return false;
  if (outcome.status === "pending") return "input" in outcome;
  return (outcome.status === "success" || outcome.status === "error") && Array.isArray(outcome.content);
}
