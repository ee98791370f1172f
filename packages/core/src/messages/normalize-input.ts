import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { RunInput } from "../agent/agent-options.js";
import { LodeError } from "../errors/lode-error.js";

/** The messages a run's input adds: a string or content blocks become one user message. */
export function normalizeInput(input: RunInput): Message[] {
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
  if (input.every(isMessage)) return structuredClone(input as Message[]);
  return [{ role: "user", content: structuredClone(input as ContentBlock[]) }];
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && "role" in value && "content" in value;
}
