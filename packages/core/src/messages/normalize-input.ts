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
  if (input.every(isMessage)) {
    input.forEach(checkMessage);
    return mergeConsecutiveUserMessages(copy(input as Message[]));
  }
  input.forEach((block, index) => {
    checkBlock(block, `input[${index}]`);
  });
  return [{ role: "user", content: copy(input as ContentBlock[]) }];
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && "role" in value && "content" in value;
}

/**
 * Bedrock refuses a message whose content is not a list of blocks, as a SerializationException in its own
 * field names: say it here, in the input's terms. (Roles are Bedrock's to check: a `system`-role message
 * is valid for some models.)
 */
function checkMessage(message: Message, index: number): void {
  const { content } = message as { content: unknown };
  if (!Array.isArray(content))
    throw invalidInput(
      `input[${index}].content must be an array of content blocks ([{ text: "…" }]), not ${describeValue(content)}.`,
    );
  content.forEach((block, at) => {
    checkBlock(block, `input[${index}].content[${at}]`);
  });
}

function checkBlock(block: unknown, where: string): void {
  if (typeof block !== "object" || block === null || Array.isArray(block) || isMessage(block))
    throw invalidInput(
      `${where} must be a content block ({ text: "…" }, { image: … }, …), not ${describeValue(block)}.`,
    );
}

function invalidInput(problem: string): LodeError {
  return new LodeError(
    "invalid-request",
    `${problem} A run's input is a string, an array of content blocks, or an array of messages ` +
      '({ role: "user" | "assistant", content: [blocks] }).',
  );
}

/** A value as a message names it: a string or number with its value (cut short), else its kind. */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return isMessage(value) ? "a message" : "an object";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
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
