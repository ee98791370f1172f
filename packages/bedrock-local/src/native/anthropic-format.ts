import { anthropicToConverse } from "./anthropic-request.js";
import { anthropicModelName, anthropicStreamEvents, renderAnthropicMessage } from "./anthropic-response.js";
import type { ChatFormat } from "./chat-format.js";

/** Anthropic Claude's Messages API as Bedrock serves it (`anthropic_version: "bedrock-2023-05-31"`). */
export const anthropicMessagesFormat: ChatFormat = {
  name: "anthropic-messages",
  toConverse: anthropicToConverse,
  render: ({ id, modelId, turn }) => renderAnthropicMessage({ id, model: anthropicModelName(modelId), turn }),
  streamChunks: ({ id, modelId, turn }) =>
    anthropicStreamEvents({ id, model: anthropicModelName(modelId), turn }),
  lastChunk: () => ({ type: "message_stop" }),
};
