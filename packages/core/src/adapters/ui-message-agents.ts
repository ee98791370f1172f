import type { AgentEvent, AgentPath } from "../contracts/agent-event.js";
import type {
  UIAgentMetadata,
  UIHandoffData,
  UIMessageChunk,
  UIProviderMetadata,
  UISubAgentMarker,
} from "./ui-message-chunk.js";

export type { UIAgentMetadata, UIHandoffData, UISubAgentMarker } from "./ui-message-chunk.js";

/**
 * Tells the top run (the stream's first `run-start`, the one the message is about) from the sub-agents'
 * runs whose events arrive in the same stream, and follows who speaks in the top run.
 */
export function createAgentTracker() {
  let topRunId: string | undefined;
  /** The caller's tool call of each sub-run, from its `run-start`'s `parent`. */
  const parentCalls = new Map<string, string | undefined>();
  let speaker: AgentPath | undefined;

  const isSubRun = (event: AgentEvent): boolean => {
    if (event.type === "run-start" && topRunId === undefined) topRunId = event.runId;
    if (event.type === "run-start" && event.runId !== topRunId)
      parentCalls.set(event.runId, event.parent?.toolUseId);
    return topRunId !== undefined && event.runId !== topRunId;
  };

  return {
    isSubRun,
    /**
     * The metadata of `start` and `finish`: the top run's speaker, with the caller's own metadata (`own`)
     * over it. Metadata of the caller's that is not an object cannot hold the speaker (the AI SDK merges
     * metadata chunks key by key into what it has): it goes alone, and the message says nothing of agents.
     */
    metadataOf(event: AgentEvent, own: unknown): unknown {
      const named = own === undefined || (own !== null && typeof own === "object" && !Array.isArray(own));
      speaker = named ? event.agentPath : undefined;
      return named ? { ...agentMetadata(event.agentPath), ...(own as object | undefined) } : own;
    },
    /** A `message-metadata` chunk when this top-run event's agent is not the one the message last named. */
    speakerChange(event: AgentEvent): UIMessageChunk[] {
      if (speaker === undefined || samePath(speaker, event.agentPath)) return [];
      speaker = event.agentPath;
      return [{ type: "message-metadata", messageMetadata: agentMetadata(event.agentPath) }];
    },
    /** The `lode` provider metadata of a sub-run's part. */
    markerOf(event: AgentEvent): UIProviderMetadata {
      const parentToolCallId = parentCalls.get(event.runId);
      const marker: UISubAgentMarker = {
        agentPath: [...event.agentPath],
        runId: event.runId,
        ...(parentToolCallId !== undefined ? { parentToolCallId } : {}),
      };
      return { lode: { ...marker } };
    },
    /** A sub-run ended: nothing of it is asked for again. */
    forget(runId: string): void {
      parentCalls.delete(runId);
    },
  };
}

function agentMetadata(path: AgentPath): UIAgentMetadata {
  return { agent: path.at(-1) ?? "agent", agentPath: [...path] };
}

function samePath(a: AgentPath, b: AgentPath): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

/**
 * A handoff as a `data-handoff` part. Not transient: the part is kept in the message, between the parts of
 * the agent that handed off and those of the one that took over, so a chat reloaded from its stored
 * messages still shows where and why the conversation changed hands. Its id is the transfer call's.
 */
export function handoffChunk(event: Extract<AgentEvent, { type: "handoff" }>): UIMessageChunk {
  const data: UIHandoffData = {
    from: event.from,
    to: event.to,
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
    agentPath: [...event.agentPath],
    toolCallId: event.toolUseId,
  };
  return { type: "data-handoff", id: event.toolUseId, data };
}
