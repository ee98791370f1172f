import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";

/** What replaces a blocked user message when `redactInput` is `true`. */
export const DEFAULT_REDACTED_INPUT = "[This message was removed: a guardrail blocked it.]";
/** What replaces a blocked answer when `redactOutput` is `true`. */
export const DEFAULT_REDACTED_OUTPUT = "[This answer was removed: a guardrail blocked it.]";

/**
 * A user message with its content replaced by `placeholder`, still valid where it stands in the history:
 * each `toolResult` keeps its `toolUseId` and status (the assistant's `toolUse` must stay answered) with the
 * placeholder as its content, and everything else (text, images, documents) becomes one text block.
 */
export function redactUserMessage(message: Message, placeholder: string): Message {
  const content: ContentBlock[] = [];
  let replacedOther = false;
  for (const block of message.content ?? []) {
    if (block.toolResult) {
      content.push({ toolResult: { ...block.toolResult, content: [{ text: placeholder }] } });
    } else if (!block.cachePoint && !replacedOther) {
      content.push({ text: placeholder });
      replacedOther = true;
    }
  }
  if (content.length === 0) content.push({ text: placeholder });
  return { role: message.role, content };
}

/**
 * An assistant message whose whole content is `placeholder`. Its tool uses and reasoning go too: a blocked
 * answer ends the turn, so no tool result answers them, and Bedrock accepts a finished turn without its
 * reasoning.
 */
export function redactAssistantMessage(placeholder: string): Message {
  return { role: "assistant", content: [{ text: placeholder }] };
}
