import type { AgentEvent } from "../contracts/agent-event.js";
import { bytesToBase64 } from "../events/base64.js";
import { toJsonData } from "../events/event-json.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import { createAgentTracker, handoffChunk } from "./ui-message-agents.js";
import type { UIMessageChunk, UIProviderMetadata } from "./ui-message-chunk.js";
import { CUT_OFF, type OpenInRun } from "./ui-message-open-parts.js";
import type { UIMessageStreamOptions } from "./ui-message-options.js";

export type { UIMessageStreamOptions } from "./ui-message-options.js";

import {
  finishReasonOf,
  imageFileChunk,
  sourceChunk,
  toolErrorText,
  toolOutput,
} from "./ui-message-parts.js";

/**
 * Maps a run's events to UI message chunks. Parts open and close with the run's own `*-start` and `*-end`
 * events; what the mapping keeps across events is only what a stream that broke off needs closed: the
 * parts still open, tool inputs still streaming, calls announced but not answered, and the
 * structured-output tool's calls, which are the run's output rather than tool calls a chat shows.
 *
 * Several agents: the message is the top run's (the first `run-start`). Its speaker is in the message
 * metadata (`{ agent, agentPath }`, sent again in a `message-metadata` chunk when a handoff changes it),
 * and each handoff is a `data-handoff` part. A sub-agent's run (`asTool()`) adds its own parts to the
 * same message, each marked with `providerMetadata.lode` (`{ agentPath, runId, parentToolCallId }`):
 * its text and reasoning as parts of their own (ids prefixed with its run's id, so they never join the
 * top agent's parts, and parallel sub-agents never join each other's), its tool calls as tool parts.
 * Its run and step boundaries send nothing: only the top run starts and finishes the message and its
 * steps (a `finish-step` also ends the AI SDK's open text parts, which would cut a parallel sub-agent's).
 */
export function createUIMessageMapper(
  options: UIMessageStreamOptions = {},
): (event: AgentEvent) => UIMessageChunk[] {
  const sendReasoning = options.sendReasoning ?? true;
  const sendSources = options.sendSources ?? true;
  const agents = createAgentTracker();
  const runs = new Map<string, OpenInRun>();
  let stepOpen = false;
  const hiddenTools = new Set<string>();
  /** Calls a person denied: their error result goes out as `tool-output-denied`. */
  const denied = new Set<string>();
  const citationCounts = new Map<string, number>();

  const openIn = (runId: string): OpenInRun => {
    let open = runs.get(runId);
    if (!open) {
      open = { parts: new Map(), inputs: new Map(), unanswered: new Set() };
      runs.set(runId, open);
    }
    return open;
  };
  const endPart = (open: OpenInRun, id: string): UIMessageChunk[] => {
    const part = open.parts.get(id);
    if (!part) return [];
    open.parts.delete(id);
    if (part.kind === "text") return [{ type: "text-end", id }];
    const signature = part.signature;
    // The reader takes a reasoning part's metadata from its end: the marker goes again with the signature.
    const providerMetadata = {
      ...(signature !== undefined ? { bedrock: { signature } } : {}),
      ...open.marker,
    };
    return [
      {
        type: "reasoning-end",
        id,
        ...(Object.keys(providerMetadata).length > 0 ? { providerMetadata } : {}),
      },
    ];
  };
  /** Closes whatever a broken-off or finished step of one run left open: parts, inputs, unanswered calls. */
  const closeRun = (chunks: UIMessageChunk[], runId: string, errorText: string) => {
    const open = runs.get(runId);
    if (!open) return chunks;
    for (const id of [...open.parts.keys()]) chunks.push(...endPart(open, id));
    for (const [toolCallId, { toolName, input }] of open.inputs)
      chunks.push({ type: "tool-input-error", toolCallId, toolName, input, errorText });
    open.inputs.clear();
    for (const toolCallId of open.unanswered)
      chunks.push({ type: "tool-output-error", toolCallId, errorText });
    open.unanswered.clear();
    return chunks;
  };
  /** The top run's step ends (or the run does): every run's leftovers close, then the step. */
  const endStep = (chunks: UIMessageChunk[], errorText: string) => {
    for (const runId of runs.keys()) closeRun(chunks, runId, errorText);
    if (stepOpen) chunks.push({ type: "finish-step" });
    stepOpen = false;
    return chunks;
  };

  /** A sub-run's event: the run's own boundaries close its leftovers; its parts carry the marker. */
  const mapSubRun = (event: AgentEvent): UIMessageChunk[] => {
    const marker = agents.markerOf(event);
    openIn(event.runId).marker = marker;
    switch (event.type) {
      case "run-start":
      case "step-start":
        return [];
      case "step-end":
        return closeRun([], event.runId, CUT_OFF);
      case "run-end":
      case "run-error": {
        const chunks = closeRun([], event.runId, event.type === "run-end" ? CUT_OFF : event.message);
        runs.delete(event.runId);
        agents.forget(event.runId);
        return chunks;
      }
      case "retry":
        return event.discardsPartialStep
          ? closeRun([], event.runId, "The model call failed and was retried.")
          : [];
      default:
        return mapPart(event, `${event.runId}/`, marker);
    }
  };

  /**
   * The parts of an event of any run: `prefix` keeps a sub-run's part ids apart from the top run's (block
   * ids are `"{step}:{index}"` in every run), `marker` marks a sub-run's parts.
   */
  const mapPart = (event: AgentEvent, prefix: string, marker?: UIProviderMetadata): UIMessageChunk[] => {
    const open = openIn(event.runId);
    const marked = marker ? { providerMetadata: marker } : {};
    switch (event.type) {
      case "text-start":
        open.parts.set(prefix + event.id, { kind: "text" });
        return [{ type: "text-start", id: prefix + event.id, ...marked }];
      case "text-delta":
        return [{ type: "text-delta", id: prefix + event.id, delta: event.text }];
      case "text-end":
        return endPart(open, prefix + event.id);
      case "reasoning-start":
        if (!sendReasoning) return [];
        open.parts.set(prefix + event.id, { kind: "reasoning" });
        return [{ type: "reasoning-start", id: prefix + event.id, ...marked }];
      case "reasoning-delta":
        return sendReasoning ? [{ type: "reasoning-delta", id: prefix + event.id, delta: event.text }] : [];
      case "reasoning-signature": {
        const part = open.parts.get(prefix + event.id);
        if (part?.kind === "reasoning") part.signature = (part.signature ?? "") + event.signature;
        return [];
      }
      case "reasoning-end":
        return endPart(open, prefix + event.id);
      case "reasoning-redacted": {
        if (!sendReasoning) return [];
        const providerMetadata = { bedrock: { redactedData: bytesToBase64(event.data) }, ...marker };
        return [
          { type: "reasoning-start", id: prefix + event.id, providerMetadata },
          { type: "reasoning-end", id: prefix + event.id, ...marked },
        ];
      }
      case "citation": {
        if (!sendSources) return [];
        const partId = prefix + event.id;
        const count = (citationCounts.get(partId) ?? 0) + 1;
        citationCounts.set(partId, count);
        const source = sourceChunk(`${partId}#${count}`, event.citation);
        if (marker && "providerMetadata" in source)
          source.providerMetadata = { ...source.providerMetadata, ...marker };
        return [source];
      }
      case "image":
        return [{ ...imageFileChunk(event.format, event.data), ...marked }];
      case "tool-input-start":
        if (event.toolName === OUTPUT_TOOL_NAME) {
          hiddenTools.add(event.toolUseId);
          return [];
        }
        open.inputs.set(event.toolUseId, { toolName: event.toolName, input: undefined });
        return [
          { type: "tool-input-start", toolCallId: event.toolUseId, toolName: event.toolName, ...marked },
        ];
      case "tool-input-delta": {
        const streaming = open.inputs.get(event.toolUseId);
        if (!streaming) return [];
        streaming.input = event.partialInput;
        return [{ type: "tool-input-delta", toolCallId: event.toolUseId, inputTextDelta: event.delta }];
      }
      case "tool-call":
        if (hiddenTools.has(event.toolUseId) || event.toolName === OUTPUT_TOOL_NAME) return [];
        open.inputs.delete(event.toolUseId);
        open.unanswered.add(event.toolUseId);
        return [
          {
            type: "tool-input-available",
            toolCallId: event.toolUseId,
            toolName: event.toolName,
            input: event.input,
            // The reader keeps it as the part's `callProviderMetadata`.
            ...marked,
          },
        ];
      case "approval-requested":
        // The call waits for a person: not an unanswered call to close at the step's end.
        open.unanswered.delete(event.toolUseId);
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
        open.unanswered.delete(event.toolUseId);
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
      case "handoff":
        return [handoffChunk(event)];
      default:
        return [];
    }
  };

  /** An event of the top run: the message's own start, steps and end; its speaker when it changes. */
  const mapTopRun = (event: AgentEvent): UIMessageChunk[] => {
    switch (event.type) {
      case "run-start": {
        const metadata = agents.metadataOf(event, options.messageMetadata?.(event));
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
        return [...agents.speakerChange(event), { type: "start-step" }];
      case "retry":
        return event.discardsPartialStep
          ? closeRun([], event.runId, "The model call failed and was retried.")
          : [];
      case "step-end":
        return endStep([], CUT_OFF);
      case "run-end": {
        const chunks = endStep([], CUT_OFF);
        const metadata = agents.metadataOf(event, options.messageMetadata?.(event));
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
        return mapPart(event, "");
    }
  };

  return (event) => (agents.isSubRun(event) ? mapSubRun(event) : mapTopRun(event));
}
