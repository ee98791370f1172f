import { type BedrockRuntimeClient, CountTokensCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import type { ContextRequest } from "@lode/core";

export const user = (text: string): Message => ({ role: "user", content: [{ text }] });
export const says = (text: string): Message => ({ role: "assistant", content: [{ text }] });
export const asksTool = (id: string): Message => ({
  role: "assistant",
  content: [
    { reasoningContent: { reasoningText: { text: `thinking ${id}`, signature: `sig-${id}` } } },
    { toolUse: { toolUseId: id, name: "lookup", input: { id } } },
  ],
});
export const answers = (id: string, text = `result ${id}`): Message => ({
  role: "user",
  content: [{ toolResult: { toolUseId: id, content: [{ text }] } }],
});

/** A request for `messages` with a client that fails the test if a strategy calls it. */
export function requestFor(messages: Message[], attempt = 0, client?: unknown): ContextRequest {
  return {
    messages,
    modelId: "test-model",
    client: (client ?? {
      send: () => {
        throw new Error("unexpected model call");
      },
    }) as BedrockRuntimeClient,
    signal: new AbortController().signal,
    attempt,
  };
}

/** `count` alternating user and assistant messages of equal length, ending with the user's. */
export function longHistory(count: number): Message[] {
  return Array.from({ length: count }, (_, index) => {
    const text = `fact ${String(count - index).padStart(5, "0")}`;
    return (count - index) % 2 === 1 ? user(text) : says(text);
  });
}

/**
 * A client whose CountTokens agrees with the local estimate (characters / 4 for each message of a batch,
 * joined by blank lines, plus 3 for the request's one message) or fails; it records every call's input
 * text and options.
 */
export function countTokensClient(options: { fail?: boolean } = {}) {
  const calls: { text: string; abortSignal?: AbortSignal }[] = [];
  const client = {
    send: async (command: unknown, sendOptions?: { abortSignal?: AbortSignal }) => {
      if (!(command instanceof CountTokensCommand)) throw new Error("unexpected command");
      const text = command.input.input?.converse?.messages?.[0]?.content?.[0]?.text ?? "";
      calls.push({ text, abortSignal: sendOptions?.abortSignal });
      if (options.fail) throw Object.assign(new Error("no"), { name: "ValidationException" });
      const parts = text.split("\n\n");
      return { inputTokens: parts.reduce((sum, part) => sum + Math.ceil(part.length / 4), 0) + 3 };
    },
  };
  return { calls, client: client as unknown as BedrockRuntimeClient };
}
