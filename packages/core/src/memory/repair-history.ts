import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import { mergeConsecutiveUserMessages } from "../messages/merge-consecutive-user-messages.js";

/** Text of the user message put in front of a history that a trim left starting with the model's turn. */
export const OMITTED_HISTORY_TEXT = "[Earlier conversation omitted]";

/**
 * Makes a trimmed history one Bedrock accepts: it starts with a user message that says something (a
 * leading message of tool results whose tool uses were trimmed away loses those results; one that held
 * nothing else is dropped), a history that would start with the model's turn gets a short marker user
 * message in front, tool results answer only tool uses of the message before them, and adjacent user
 * messages are merged. Assistant messages are never changed, so reasoning blocks and their signatures
 * stay as the model sent them. Returns a new array; the messages given are not mutated.
 */
export function repairHistory(messages: readonly Message[]): Message[] {
  const repaired: Message[] = [];
  for (const message of messages) {
    const previous = repaired.at(-1);
    if (message.role !== "user") {
      if (repaired.length === 0) repaired.push(omittedMarker());
      if (previous?.role === "assistant") repaired.push(omittedMarker());
      repaired.push(message);
      continue;
    }
    const answerable = new Set(previous?.role === "assistant" ? clientToolUseIds(previous) : []);
    const content = (message.content ?? []).filter(
      (block) => !block.toolResult || answerable.has(block.toolResult.toolUseId ?? ""),
    );
    if (content.length === 0) continue;
    repaired.push(content.length === message.content?.length ? message : { ...message, content });
  }
  return mergeConsecutiveUserMessages(repaired);
}

/**
 * The index from which a history must be kept whole: the latest assistant turn that asked for tools
 * and everything after it (its tool results and any later message), so its reasoning blocks reach
 * Bedrock intact and its tool uses stay answered. Otherwise the last message. Trimming strategies keep
 * at least this much.
 */
export function protectedTailStart(messages: readonly Message[]): number {
  const last = messages.length - 1;
  if (last < 0) return 0;
  const lastMessage = messages[last];
  const previous = messages[last - 1];
  if (lastMessage?.role === "user" && previous?.role === "assistant" && hasToolResult(lastMessage)) {
    return last - 1;
  }
  return last;
}

/**
 * Whether a history may start at `index` once a marker is put in front if needed: the message there is
 * the model's turn, or a user message holding no tool results (which would answer trimmed tool uses).
 */
export function isHistoryCut(messages: readonly Message[], index: number): boolean {
  const message = messages[index];
  if (!message) return false;
  return message.role === "assistant" || !hasToolResult(message);
}

function hasToolResult(message: Message): boolean {
  return (message.content ?? []).some((block: ContentBlock) => block.toolResult !== undefined);
}

function clientToolUseIds(message: Message): string[] {
  return (message.content ?? []).flatMap((block) =>
    block.toolUse && block.toolUse.type !== "server_tool_use" ? [block.toolUse.toolUseId ?? ""] : [],
  );
}

function omittedMarker(): Message {
  return { role: "user", content: [{ text: OMITTED_HISTORY_TEXT }] };
}
