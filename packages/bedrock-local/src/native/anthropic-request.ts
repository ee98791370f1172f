import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { extraneousKeys, jsonTypeName, malformedInput, missingKeys } from "./malformed-input.js";

/** The Anthropic Messages version Bedrock accepts in `anthropic_version`. */
export const ANTHROPIC_BEDROCK_VERSION = "bedrock-2023-05-31";

/** The top-level keys of Bedrock's Anthropic Messages schema; anything else is rejected, as Bedrock does. */
const ALLOWED_KEYS = new Set([
  "anthropic_version",
  "anthropic_beta",
  "max_tokens",
  "messages",
  "system",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "metadata",
  "output_config",
  "amazon-bedrock-guardrailConfig",
]);

/**
 * Checks an Anthropic Messages body as Bedrock and Claude do (schema first, then the conversation's roles)
 * and translates it into Converse's shape, so the scripted model, `expect`, guardrails and the context window
 * work on it exactly as on a Converse request.
 */
export function anthropicToConverse(body: JsonObject): JsonObject {
  const problems = [...missingKeys(body, ["anthropic_version", "max_tokens", "messages"])];
  problems.push(...extraneousKeys(body, ALLOWED_KEYS), ...typeProblems(body));
  if (problems.length > 0) throw malformedInput(problems);
  if (body.anthropic_version !== ANTHROPIC_BEDROCK_VERSION)
    throw validationError(`invalid anthropic_version: expected "${ANTHROPIC_BEDROCK_VERSION}".`);
  if ((body.max_tokens as number) < 1)
    throw malformedInput([`#/max_tokens: ${String(body.max_tokens)} is not greater or equal to 1`]);
  checkRoles(body.messages as unknown[]);

  const messages = (body.messages as unknown[]).map((message, index) => {
    const { role, content } = message as JsonObject;
    return { role, content: contentBlocks(content, `messages.${index}.content`) };
  });
  const system = systemBlocks(body.system);
  const toolConfig = toolConfigOf(body.tools, body.tool_choice);
  const inferenceConfig = {
    maxTokens: body.max_tokens,
    ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
    ...(body.top_p !== undefined ? { topP: body.top_p } : {}),
    ...(Array.isArray(body.stop_sequences) ? { stopSequences: body.stop_sequences } : {}),
  };
  return {
    messages,
    ...(system.length > 0 ? { system } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    inferenceConfig,
    ...(body.thinking !== undefined ? { additionalModelRequestFields: { thinking: body.thinking } } : {}),
  };
}

/** The schema's types for the optional parameters, worded as Bedrock's schema validation words them. */
function typeProblems(body: JsonObject): string[] {
  const problems: string[] = [];
  const expect = (key: string, ok: (value: unknown) => boolean, type: string) => {
    const value = body[key];
    if (value !== undefined && !ok(value))
      problems.push(`#/${key}: expected type: ${type}, found: ${jsonTypeName(value)}`);
  };
  expect("messages", Array.isArray, "JSONArray");
  expect("max_tokens", Number.isInteger, "Integer");
  expect("temperature", (value) => typeof value === "number", "Number");
  expect("top_p", (value) => typeof value === "number", "Number");
  expect("top_k", Number.isInteger, "Integer");
  expect("stop_sequences", Array.isArray, "JSONArray");
  expect("tools", Array.isArray, "JSONArray");
  expect("tool_choice", isJsonObject, "JSONObject");
  expect("thinking", isJsonObject, "JSONObject");
  if (Array.isArray(body.stop_sequences))
    body.stop_sequences.forEach((item, index) => {
      if (typeof item !== "string")
        problems.push(`#/stop_sequences/${index}: expected type: String, found: ${jsonTypeName(item)}`);
    });
  return problems;
}

/** Claude's own checks on the conversation, in its words: user first, roles alternating, nothing else. */
function checkRoles(messages: unknown[]): void {
  if (messages.length === 0) throw validationError("messages: at least one message is required");
  messages.forEach((message, index) => {
    const role = (message as JsonObject | null)?.role;
    if (role !== "user" && role !== "assistant")
      throw validationError(`messages.${index}.role: Input should be 'user' or 'assistant'`);
  });
  if ((messages[0] as JsonObject).role !== "user")
    throw validationError('messages: first message must use the "user" role');
  for (let index = 1; index < messages.length; index++) {
    const role = (messages[index] as JsonObject).role;
    if (role === (messages[index - 1] as JsonObject).role)
      throw validationError(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`,
      );
  }
}

/** A message's content (a string or blocks) as Converse content blocks. */
function contentBlocks(content: unknown, path: string): JsonObject[] {
  if (typeof content === "string") return [{ text: content }];
  if (!Array.isArray(content)) throw validationError(`${path}: Input should be a valid list`);
  return content.map((block, index) => contentBlock(block, `${path}.${index}`));
}

function contentBlock(block: unknown, path: string): JsonObject {
  const item = (block ?? {}) as JsonObject;
  switch (item.type) {
    case "text":
      return { text: item.text };
    case "image": {
      const source = (item.source ?? {}) as JsonObject;
      const format = String(source.media_type ?? "image/png").split("/")[1] ?? "png";
      return { image: { format, source: { bytes: source.data } } };
    }
    case "tool_use":
      return { toolUse: { toolUseId: item.id, name: item.name, input: item.input ?? {} } };
    case "tool_result":
      return {
        toolResult: {
          toolUseId: item.tool_use_id,
          content: toolResultContent(item.content, path),
          ...(item.is_error === true ? { status: "error" } : {}),
        },
      };
    case "thinking":
      return {
        reasoningContent: {
          reasoningText: {
            text: item.thinking,
            ...(item.signature !== undefined ? { signature: item.signature } : {}),
          },
        },
      };
    case "redacted_thinking":
      return { reasoningContent: { redactedContent: item.data } };
    default:
      throw validationError(
        `${path}: Input tag '${String(item.type)}' found using 'type' does not match any of the expected tags: 'text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'`,
      );
  }
}

function toolResultContent(content: unknown, path: string): JsonObject[] {
  if (content === undefined) return [{ text: "" }];
  if (typeof content === "string") return [{ text: content }];
  if (!Array.isArray(content)) throw validationError(`${path}.content: Input should be a valid list`);
  return content.map((block, index) => contentBlock(block, `${path}.content.${index}`));
}

function systemBlocks(system: unknown): JsonObject[] {
  if (system === undefined) return [];
  if (typeof system === "string") return system.length > 0 ? [{ text: system }] : [];
  if (!Array.isArray(system)) throw validationError("system: Input should be a valid string or list");
  return system.map((block) => ({ text: (block as JsonObject | null)?.text }));
}

function toolConfigOf(tools: unknown, toolChoice: unknown): JsonObject | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const choice = (toolChoice ?? {}) as JsonObject;
  const converseChoice =
    choice.type === "any"
      ? { any: {} }
      : choice.type === "tool"
        ? { tool: { name: choice.name } }
        : choice.type === "auto"
          ? { auto: {} }
          : undefined;
  return {
    tools: tools.map((tool) => {
      const { name, description, input_schema } = (tool ?? {}) as JsonObject;
      return {
        toolSpec: {
          name,
          ...(description !== undefined ? { description } : {}),
          inputSchema: { json: input_schema ?? { type: "object" } },
        },
      };
    }),
    ...(converseChoice ? { toolChoice: converseChoice } : {}),
  };
}
