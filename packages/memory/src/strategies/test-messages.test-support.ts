import type { BedrockRuntimeClient, Message } from "@aws-sdk/client-bedrock-runtime";
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
