import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { ApprovalDecision, ApprovalInput } from "../contracts/approval.js";
import type { RunInput } from "../contracts/run-input.js";
import { describeError } from "../errors/describe-error.js";
import { LodeError } from "../errors/lode-error.js";
import { mergeConsecutiveUserMessages } from "./merge-consecutive-user-messages.js";

/**
 * The messages a run's input adds: a string or content blocks become one user message; messages are
 * copied (a caller's later change cannot reach the run), and consecutive user messages are merged, so
 * the history stores what Bedrock accepts.
 */
export function normalizeInput(input: RunInput): Message[] {
  if (isApprovalInput(input)) return [];
  if (typeof input === "string") {
    if (input.trim() === "")
      throw new LodeError("invalid-request", "The input is empty: Bedrock rejects blank text.");
    return [{ role: "user", content: [{ text: input }] }];
  }
  if (!Array.isArray(input) || input.length === 0) {
    throw new LodeError(
      "invalid-request",
      "The input must be a non-empty string, content blocks or messages.",
    );
  }
  if (input.every(isMessage)) return mergeConsecutiveUserMessages(copy(input as Message[]));
  return [{ role: "user", content: copy(input as ContentBlock[]) }];
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && "role" in value && "content" in value;
}

function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new LodeError(
      "invalid-request",
      `The input holds something that is not data (a function, a class instance, a symbol): ${describeError(error)}`,
      { cause: error },
    );
  }
}

/** The decisions a run's input brings, checked for shape; `undefined` for any other input. */
export function decisionsOf(input: RunInput): ApprovalDecision[] | undefined {
  if (!isApprovalInput(input)) return undefined;
  const { decisions } = input;
  if (!Array.isArray(decisions) || decisions.length === 0)
    throw new LodeError("invalid-request", "decisions must be a non-empty array of { toolUseId, approved }.");
  for (const decision of decisions) {
    const { toolUseId, approved, reason } = (decision ?? {}) as Partial<
      ApprovalDecision & { reason: unknown }
    >;
    if (typeof toolUseId !== "string" || toolUseId === "" || typeof approved !== "boolean")
      throw new LodeError(
        "invalid-request",
        `A decision must be { toolUseId: string, approved: boolean }, not ${describeError(decision)}.`,
      );
    if (reason !== undefined && typeof reason !== "string")
      throw new LodeError("invalid-request", `The reason of the decision on ${toolUseId} must be a string.`);
  }
  return copy(decisions);
}

function isApprovalInput(input: RunInput): input is ApprovalInput {
  return typeof input === "object" && input !== null && !Array.isArray(input) && "decisions" in input;
}
