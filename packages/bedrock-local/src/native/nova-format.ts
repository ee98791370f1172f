import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { toContentBlock } from "../models/render-converse-output.js";
import { renderStreamEvents } from "../models/render-stream-events.js";
import type { ChatFormat } from "./chat-format.js";
import { extraneousKeys, malformedInput, missingKeys } from "./malformed-input.js";

const ALLOWED_KEYS = new Set([
  "schemaVersion",
  "system",
  "messages",
  "inferenceConfig",
  "toolConfig",
  "amazon-bedrock-guardrailConfig",
]);
const INFERENCE_KEYS = new Set([
  "max_new_tokens",
  "temperature",
  "topP",
  "topK",
  "stopSequences",
  "reasoningConfig",
]);

/**
 * Amazon Nova's native `messages-v1` schema. Its messages, system prompt and tool configuration are Converse's
 * own shapes; only `inferenceConfig` differs (`max_new_tokens`, `topK`). The response is Converse's body
 * without `metrics`, with Nova's cache token counts in `usage`; the stream sends Converse's events, each as
 * a chunk `{ "<eventName>": payload }`, the last one `metadata` (see `invoke-stream.nova-micro.json`).
 */
export const novaMessagesFormat: ChatFormat = {
  name: "nova-messages",
  toConverse(body) {
    const problems = [...missingKeys(body, ["messages"]), ...extraneousKeys(body, ALLOWED_KEYS)];
    const inference = body.inferenceConfig;
    if (inference !== undefined && !isJsonObject(inference))
      problems.push("#/inferenceConfig: expected type: JSONObject");
    else if (inference)
      problems.push(
        ...extraneousKeys(inference, INFERENCE_KEYS).map((problem) =>
          problem.replace("#:", "#/inferenceConfig:"),
        ),
      );
    if (problems.length > 0) throw malformedInput(problems);
    if (body.schemaVersion !== undefined && body.schemaVersion !== "messages-v1")
      throw validationError(
        `Invalid schemaVersion: ${JSON.stringify(body.schemaVersion)}. Use "messages-v1".`,
      );

    const config = (inference ?? {}) as JsonObject;
    const inferenceConfig = {
      ...(config.max_new_tokens !== undefined ? { maxTokens: config.max_new_tokens } : {}),
      ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      ...(config.topP !== undefined ? { topP: config.topP } : {}),
      ...(config.stopSequences !== undefined ? { stopSequences: config.stopSequences } : {}),
    };
    return {
      messages: body.messages,
      ...(body.system !== undefined ? { system: body.system } : {}),
      ...(body.toolConfig !== undefined ? { toolConfig: body.toolConfig } : {}),
      ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
    };
  },
  render: ({ turn }) => ({
    output: { message: { content: turn.content.map(toContentBlock), role: "assistant" } },
    stopReason: turn.stopReason,
    usage: {
      inputTokens: turn.usage.inputTokens,
      outputTokens: turn.usage.outputTokens,
      totalTokens: turn.usage.totalTokens,
      cacheReadInputTokenCount: turn.usage.cacheReadInputTokens ?? 0,
      cacheWriteInputTokenCount: turn.usage.cacheWriteInputTokens ?? 0,
    },
  }),
  streamChunks: ({ turn }) => renderStreamEvents(turn).map((event) => ({ [event.type]: event.payload })),
  lastChunk: ({ turn }) => ({
    metadata: {
      usage: { inputTokens: turn.usage.inputTokens, outputTokens: turn.usage.outputTokens },
      metrics: {},
      trace: {},
    },
  }),
};
