import type { CitationsDelta, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent, EventOf } from "../contracts/agent-event.js";
import { bytesToBase64 } from "../events/base64.js";
import { toJsonData } from "../events/event-json.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import type { JsonValue, UIFinishReason, UIMessageChunk } from "./ui-message-chunk.js";

/** Options of `toUIMessageStream` and the responses built on it. */
export interface UIMessageStreamOptions {
  /** The id of the assistant message the stream builds, sent in the `start` chunk. @default the run's id */
  messageId?: string;
  /** Send the model's reasoning as reasoning parts. @default true */
  sendReasoning?: boolean;
  /** Send citations as `source-document` (or, for web citations, `source-url`) parts. @default true */
  sendSources?: boolean;
  /**
   * The `errorText` of the `error` chunk a failed run ends with.
   * @default the `LodeError`'s message
   */
  errorText?: (event: EventOf<"run-error">) => string;
  /** Message metadata, sent with `start` (on `run-start`) and `finish` (on `run-end`), such as usage. */
  messageMetadata?: (event: EventOf<"run-start"> | EventOf<"run-end">) => unknown;
}

type OpenBlock = { kind: "text" | "reasoning"; id: string; signature: string | undefined };

/**
 * Maps a run's events to UI message chunks, keeping what the mapping needs across events: the block
 * whose part is open (a text or reasoning part ends when its step ends or another block starts), tool
 * inputs still streaming, and the structured-output tool, whose calls are the run's output rather than
 * tool calls a chat shows.
 */
export function createUIMessageMapper(
  options: UIMessageStreamOptions = {},
): (event: AgentEvent) => UIMessageChunk[] {
  const sendReasoning = options.sendReasoning ?? true;
  const sendSources = options.sendSources ?? true;
  let open: OpenBlock | undefined;
  let stepOpen = false;
  const streamingInputs = new Map<string, { toolName: string; input: unknown }>();
  const hiddenTools = new Set<string>();
  const citationCounts = new Map<string, number>();

  const closeBlock = (chunks: UIMessageChunk[]) => {
    if (!open) return chunks;
    if (open.kind === "text") chunks.push({ type: "text-end", id: open.id });
    else
      chunks.push({
        type: "reasoning-end",
        id: open.id,
        ...(open.signature !== undefined
          ? { providerMetadata: { bedrock: { signature: open.signature } } }
          : {}),
      });
    open = undefined;
    return chunks;
  };
  const openBlock = (kind: OpenBlock["kind"], id: string, chunks: UIMessageChunk[]) => {
    if (open?.id === id && open.kind === kind) return chunks;
    closeBlock(chunks);
    open = { kind, id, signature: undefined };
    chunks.push({ type: kind === "text" ? "text-start" : "reasoning-start", id });
    return chunks;
  };
  /** Tool inputs that never became calls (cut off by `max_tokens`, a retry or a failure). */
  const cutOffInputs = (chunks: UIMessageChunk[], errorText: string) => {
    for (const [toolCallId, { toolName, input }] of streamingInputs)
      chunks.push({ type: "tool-input-error", toolCallId, toolName, input, errorText });
    streamingInputs.clear();
    return chunks;
  };
  const endStep = (chunks: UIMessageChunk[], cutOffText: string) => {
    closeBlock(chunks);
    cutOffInputs(chunks, cutOffText);
    if (stepOpen) chunks.push({ type: "finish-step" });
    stepOpen = false;
    return chunks;
  };

  return (event) => {
    switch (event.type) {
      case "run-start": {
        const metadata = options.messageMetadata?.(event);
        return [
          {
            type: "start",
            messageId: options.messageId ?? event.runId,
            ...(metadata !== undefined ? { messageMetadata: metadata } : {}),
          },
        ];
      }
      case "step-start":
        stepOpen = true;
        return [{ type: "start-step" }];
      case "text-delta":
        return openBlock("text", event.id, []).concat({
          type: "text-delta",
          id: event.id,
          delta: event.text,
        });
      case "reasoning-delta":
        if (!sendReasoning) return [];
        return openBlock("reasoning", event.id, []).concat({
          type: "reasoning-delta",
          id: event.id,
          delta: event.text,
        });
      case "reasoning-signature":
        if (open?.kind === "reasoning" && open.id === event.id)
          open.signature = (open.signature ?? "") + event.signature;
        return [];
      case "reasoning-redacted": {
        if (!sendReasoning) return [];
        const chunks = closeBlock([]);
        const providerMetadata = { bedrock: { redactedData: bytesToBase64(event.data) } };
        chunks.push(
          { type: "reasoning-start", id: event.id, providerMetadata },
          { type: "reasoning-end", id: event.id },
        );
        return chunks;
      }
      case "citation": {
        if (!sendSources) return [];
        const chunks = open && open.id !== event.id ? closeBlock([]) : [];
        const count = (citationCounts.get(event.id) ?? 0) + 1;
        citationCounts.set(event.id, count);
        chunks.push(sourceChunk(`${event.id}#${count}`, event.citation));
        return chunks;
      }
      case "tool-input-start":
        if (event.toolName === OUTPUT_TOOL_NAME) {
          hiddenTools.add(event.toolUseId);
          return [];
        }
        streamingInputs.set(event.toolUseId, { toolName: event.toolName, input: undefined });
        return closeBlock([]).concat({
          type: "tool-input-start",
          toolCallId: event.toolUseId,
          toolName: event.toolName,
        });
      case "tool-input-delta": {
        const streaming = streamingInputs.get(event.toolUseId);
        if (!streaming) return [];
        streaming.input = event.partialInput;
        return [{ type: "tool-input-delta", toolCallId: event.toolUseId, inputTextDelta: event.delta }];
      }
      case "tool-call":
        if (hiddenTools.has(event.toolUseId)) return [];
        streamingInputs.delete(event.toolUseId);
        return closeBlock([]).concat({
          type: "tool-input-available",
          toolCallId: event.toolUseId,
          toolName: event.toolName,
          input: event.input,
        });
      case "tool-progress":
        return [
          {
            type: "data-tool-progress",
            id: event.toolUseId,
            data: { toolCallId: event.toolUseId, toolName: event.toolName, data: toJsonData(event.data) },
            transient: true,
          },
        ];
      case "tool-result":
        if (hiddenTools.has(event.toolUseId)) return [];
        return event.status === "success"
          ? [
              {
                type: "tool-output-available",
                toolCallId: event.toolUseId,
                output: toolOutput(event.content),
              },
            ]
          : [
              {
                type: "tool-output-error",
                toolCallId: event.toolUseId,
                errorText: toolErrorText(event.content),
              },
            ];
      case "retry":
        return event.discardsPartialStep
          ? cutOffInputs(closeBlock([]), "The model call failed and was retried.")
          : [];
      case "step-end":
        return endStep([], "The model's answer ended before this tool call was complete.");
      case "run-end": {
        const chunks = endStep([], "The model's answer ended before this tool call was complete.");
        const metadata = options.messageMetadata?.(event);
        chunks.push({
          type: "finish",
          finishReason: finishReasonOf(event.result.stopReason),
          ...(metadata !== undefined ? { messageMetadata: metadata } : {}),
        });
        return chunks;
      }
      case "run-error": {
        const chunks = endStep([], event.message);
        if (event.code === "aborted") {
          chunks.push({ type: "abort", reason: event.message });
          return chunks;
        }
        chunks.push(
          { type: "error", errorText: options.errorText?.(event) ?? event.message },
          { type: "finish", finishReason: "error" },
        );
        return chunks;
      }
      default:
        return [];
    }
  };
}

/** A citation as a source part: web citations by URL, the rest as documents. */
function sourceChunk(sourceId: string, citation: CitationsDelta): UIMessageChunk {
  const providerMetadata = { bedrock: { citation: citation as unknown as JsonValue } };
  const url = citation.location?.web?.url;
  if (url) {
    const title = citation.title ?? citation.location?.web?.domain;
    return { type: "source-url", sourceId, url, ...(title !== undefined ? { title } : {}), providerMetadata };
  }
  return {
    type: "source-document",
    sourceId,
    // Bedrock cites pages only in PDFs; character and chunk locations are in text.
    mediaType: citation.location?.documentPage ? "application/pdf" : "text/plain",
    title: citation.title ?? citation.source ?? "Document",
    ...(citation.source !== undefined ? { filename: citation.source } : {}),
    providerMetadata,
  };
}

/** A tool's result as the part's output: its JSON, its text, or the blocks themselves as JSON data. */
function toolOutput(content: ToolResultContentBlock[]): unknown {
  const [first] = content;
  if (content.length === 1 && first?.json !== undefined) return first.json;
  if (content.every((block) => block.text !== undefined)) return content.map((block) => block.text).join("");
  return toJsonData(content);
}

function toolErrorText(content: ToolResultContentBlock[]): string {
  const text = content.flatMap((block) => (block.text !== undefined ? [block.text] : [])).join("\n");
  return text || JSON.stringify(toJsonData(content));
}

function finishReasonOf(stopReason: string): UIFinishReason {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "tool_use":
      return "tool-calls";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "guardrail_intervened":
    case "content_filtered":
      return "content-filter";
    default:
      return "other";
  }
}
