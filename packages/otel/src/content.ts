import type { BedrockContentBlock, BedrockMessage, ConverseRequest } from "./bedrock-types.js";
import { finishReasonOf } from "./finish-reason.js";

/** A message part in the conventions' shape (`gen_ai.input.messages` and `gen_ai.output.messages`). */
type Part =
  | { type: "text"; content: string }
  | { type: "reasoning"; content: string }
  | { type: "tool_call"; id: string | undefined; name: string | undefined; arguments: unknown }
  | { type: "tool_call_response"; id: string | undefined; response: unknown }
  // Any other block, named by its kind: bytes (images, documents) are never copied into a span.
  | { type: string; [detail: string]: unknown };

interface ConventionMessage {
  role: "user" | "assistant" | "tool" | "system";
  parts: Part[];
  /** Output messages only: why the generation ended, which the output-message schema requires. */
  finish_reason?: string;
}

/**
 * Bedrock messages in the conventions' shape, as the JSON string an attribute holds. A user message of
 * tool results only is a `tool` message there.
 */
export function messagesJson(messages: readonly BedrockMessage[]): string {
  return JSON.stringify(messages.map(conventionMessage));
}

/**
 * The model's answer as `gen_ai.output.messages` holds it: one message, with the conventions' finish reason
 * for the stop reason it ended with.
 */
export function outputMessagesJson(message: BedrockMessage, stopReason: string): string {
  return JSON.stringify([{ ...conventionMessage(message), finish_reason: finishReasonOf(stopReason) }]);
}

/** The request's system prompt, as `gen_ai.system_instructions` holds it; undefined without one. */
export function systemInstructionsJson(request: ConverseRequest): string | undefined {
  const parts = (request.system ?? []).flatMap((block) =>
    block.text !== undefined ? [{ type: "text", content: block.text }] : [],
  );
  return parts.length > 0 ? JSON.stringify(parts) : undefined;
}

/** The request's tools, as `gen_ai.tool.definitions` holds them; undefined without tools. */
export function toolDefinitionsJson(request: ConverseRequest): string | undefined {
  const definitions = (request.toolConfig?.tools ?? []).flatMap((tool) =>
    tool.toolSpec
      ? [
          {
            type: "function",
            name: tool.toolSpec.name,
            description: tool.toolSpec.description,
            parameters: tool.toolSpec.inputSchema?.json,
          },
        ]
      : [],
  );
  return definitions.length > 0 ? JSON.stringify(definitions) : undefined;
}

function conventionMessage(message: BedrockMessage): ConventionMessage {
  const blocks = message.content ?? [];
  const onlyResults = blocks.length > 0 && blocks.every((block) => block.toolResult);
  return {
    role: message.role === "assistant" ? "assistant" : onlyResults ? "tool" : "user",
    parts: blocks.map(conventionPart),
  };
}

function conventionPart(block: BedrockContentBlock): Part {
  if (block.text !== undefined) return { type: "text", content: block.text };
  if (block.reasoningContent)
    return { type: "reasoning", content: block.reasoningContent.reasoningText?.text ?? "" };
  if (block.toolUse)
    return {
      type: "tool_call",
      id: block.toolUse.toolUseId,
      name: block.toolUse.name,
      arguments: block.toolUse.input,
    };
  if (block.toolResult)
    return {
      type: "tool_call_response",
      id: block.toolResult.toolUseId,
      response: (block.toolResult.content ?? []).map((part) =>
        part.text !== undefined ? part.text : part.json !== undefined ? part.json : kindOf(part),
      ),
    };
  if (block.guardContent?.text) return { type: "text", content: block.guardContent.text.text ?? "" };
  if (block.image) return { type: "image", format: block.image.format };
  if (block.document) return { type: "document", format: block.document.format, name: block.document.name };
  return { type: kindOf(block) };
}

/** The name of a block's one set field (`video`, `cachePoint`, `guardContent`, …). */
function kindOf(block: object): string {
  return Object.keys(block).find((key) => (block as Record<string, unknown>)[key] !== undefined) ?? "unknown";
}
