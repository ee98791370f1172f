import type { Message } from "@aws-sdk/client-bedrock-runtime";

/**
 * Merges adjacent user messages into one, keeping every block in order. A stored conversation can end
 * with a user message (tool results of a run that stopped at a limit, or of a structured-output tool),
 * and the next run's input then follows it; Bedrock wants roles to alternate, and accepts tool results
 * followed by text in one user message.
 */
export function mergeConsecutiveUserMessages(messages: Message[]): Message[] {
  const merged: Message[] = [];
  for (const message of messages) {
    const previous = merged.at(-1);
    if (previous?.role === "user" && message.role === "user") {
      merged[merged.length - 1] = {
        role: "user",
        content: [...(previous.content ?? []), ...(message.content ?? [])],
      };
    } else {
      merged.push(message);
    }
  }
  return merged;
}
