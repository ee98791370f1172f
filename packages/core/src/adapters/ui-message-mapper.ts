import type { AgentEvent, EventOf } from "../contracts/agent-event.js";
import { bytesToBase64 } from "../events/base64.js";
import { toJsonData } from "../events/event-json.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import type { UIMessageChunk } from "./ui-message-chunk.js";
import {
  finishReasonOf,
  imageFileChunk,
  sourceChunk,
  toolErrorText,
  toolOutput,
} from "./ui-message-parts.js";

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

const CUT_OFF = "The model's answer ended before this tool call was complete.";

/**
 * Maps a run's events to UI message chunks. Parts open and close with the run's own `*-start` and `*-end`
 * events; what the mapping keeps across events is only what a stream that broke off needs closed: the
 * parts still open, tool inputs still streaming, calls announced but not answered, and the
 * structured-output tool's calls, which are the run's output rather than tool calls a chat shows.
 */
export function createUIMessageMapper(
  options: UIMessageStreamOptions = {},
): (event: AgentEvent) => UIMessageChunk[] {
  const sendReasoning = options.sendReasoning ?? true;
  const sendSources = options.sendSources ?? true;
  /** Open text and reasoning parts, by block id, with a reasoning part's signature so far. */
  const openParts = new Map<string, { kind: "text" | "reasoning"; signature?: string }>();
  let stepOpen = false;
  const streamingInputs = new Map<string, { toolName: string; input: unknown }>();
  const unanswered = new Map<string, string>();
  const hiddenTools = new Set<string>();
  /** Calls a person denied: their error result goes out as `tool-output-denied`. */
  const denied = new Set<string>();
  const citationCounts = new Map<string, number>();

  const endPart = (id: string): UIMessageChunk[] => {
    const part = openParts.get(id);
    if (!part) return [];
    openParts.delete(id);
    if (part.kind === "text") return [{ type: "text-end", id }];
    const signature = part.signature;
    return [
      {
        type: "reasoning-end",
        id,
        ...(signature !== undefined ? { providerMetadata: { bedrock: { signature } } } : {}),
      },
    ];
  };
  /** Closes whatever a broken-off or finished step left open: parts, inputs, unanswered calls. */
  const closeAll = (chunks: UIMessageChunk[], errorText: string) => {
    for (const id of [...openParts.keys()]) chunks.push(...endPart(id));
    for (const [toolCallId, { toolName, input }] of streamingInputs)
      chunks.push({ type: "tool-input-error", toolCallId, toolName, input, errorText });
    streamingInputs.clear();
    for (const toolCallId of unanswered.keys())
      chunks.push({ type: "tool-output-error", toolCallId, errorText });
    unanswered.clear();
    return chunks;
  };
  const endStep = (chunks: UIMessageChunk[], errorText: string) => {
    closeAll(chunks, errorText);
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
            // A run that resumes calls waiting for approval goes on with the message that asked for them.
            messageId: options.messageId ?? event.resumes ?? event.runId,
            ...(metadata !== undefined ? { messageMetadata: metadata } : {}),
          },
        ];
      }
      case "step-start":
        stepOpen = true;
        return [{ type: "start-step" }];
      case "text-start":
        openParts.set(event.id, { kind: "text" });
        return [{ type: "text-start", id: event.id }];
      case "text-delta":
        return [{ type: "text-delta", id: event.id, delta: event.text }];
      case "text-end":
        return endPart(event.id);
      case "reasoning-start":
        if (!sendReasoning) return [];
        openParts.set(event.id, { kind: "reasoning" });
        return [{ type: "reasoning-start", id: event.id }];
      case "reasoning-delta":
        return sendReasoning ? [{ type: "reasoning-delta", id: event.id, delta: event.text }] : [];
      case "reasoning-signature": {
        const part = openParts.get(event.id);
        if (part?.kind === "reasoning") part.signature = (part.signature ?? "") + event.signature;
        return [];
      }
      case "reasoning-end":
        return endPart(event.id);
      case "reasoning-redacted": {
        if (!sendReasoning) return [];
        const providerMetadata = { bedrock: { redactedData: bytesToBase64(event.data) } };
        return [
          { type: "reasoning-start", id: event.id, providerMetadata },
          { type: "reasoning-end", id: event.id },
        ];
      }
      case "citation": {
        if (!sendSources) return [];
        const count = (citationCounts.get(event.id) ?? 0) + 1;
        citationCounts.set(event.id, count);
        return [sourceChunk(`${event.id}#${count}`, event.citation)];
      }
      case "image":
        return [imageFileChunk(event.format, event.data)];
      case "tool-input-start":
        if (event.toolName === OUTPUT_TOOL_NAME) {
          hiddenTools.add(event.toolUseId);
          return [];
        }
        streamingInputs.set(event.toolUseId, { toolName: event.toolName, input: undefined });
        return [{ type: "tool-input-start", toolCallId: event.toolUseId, toolName: event.toolName }];
      case "tool-input-delta": {
        const streaming = streamingInputs.get(event.toolUseId);
        if (!streaming) return [];
        streaming.input = event.partialInput;
        return [{ type: "tool-input-delta", toolCallId: event.toolUseId, inputTextDelta: event.delta }];
      }
      case "tool-call":
        if (hiddenTools.has(event.toolUseId) || event.toolName === OUTPUT_TOOL_NAME) return [];
        streamingInputs.delete(event.toolUseId);
        unanswered.set(event.toolUseId, event.toolName);
        return [
          {
            type: "tool-input-available",
            toolCallId: event.toolUseId,
            toolName: event.toolName,
            input: event.input,
          },
        ];
      case "approval-requested":
        // The call waits for a person: not an unanswered call to close at the step's end.
        unanswered.delete(event.toolUseId);
        return [{ type: "tool-approval-request", approvalId: event.toolUseId, toolCallId: event.toolUseId }];
      case "approval-decided":
        if (!event.approved) denied.add(event.toolUseId);
        return [];
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
        if (hiddenTools.has(event.toolUseId) || event.toolName === OUTPUT_TOOL_NAME) return [];
        unanswered.delete(event.toolUseId);
        if (denied.delete(event.toolUseId))
          return [{ type: "tool-output-denied", toolCallId: event.toolUseId }];
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
        return event.discardsPartialStep ? closeAll([], "The model call failed and was retried.") : [];
      case "step-end":
        return endStep([], CUT_OFF);
      case "run-end": {
        const chunks = endStep([], CUT_OFF);
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
