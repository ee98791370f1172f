/** A JSON value, as the AI SDK's provider metadata holds. */
export type JsonValue =
  | null
  | string
  | number
  | boolean
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** Provider-specific data on a part, keyed by provider (`{ bedrock: { signature } }`), as in the AI SDK. */
export type UIProviderMetadata = Record<string, { [key: string]: JsonValue | undefined }>;

/** Why the message ended, in the AI SDK's terms. */
export type UIFinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other";

/**
 * One chunk of the AI SDK's UI message stream (protocol v1), as `toUIMessageStream` produces it: the
 * subset of the `ai` package's `UIMessageChunk` that a Lode run maps to, with the same field names, so
 * `useChat` and `readUIMessageStream` read it unchanged. Parts of one block share an `id`; tool parts
 * share the `toolCallId` (Bedrock's `toolUseId`).
 */
export type UIMessageChunk =
  | { type: "start"; messageId?: string; messageMetadata?: unknown }
  | { type: "start-step" }
  | { type: "text-start"; id: string; providerMetadata?: UIProviderMetadata }
  | { type: "text-delta"; id: string; delta: string; providerMetadata?: UIProviderMetadata }
  | { type: "text-end"; id: string; providerMetadata?: UIProviderMetadata }
  | { type: "reasoning-start"; id: string; providerMetadata?: UIProviderMetadata }
  | { type: "reasoning-delta"; id: string; delta: string; providerMetadata?: UIProviderMetadata }
  | { type: "reasoning-end"; id: string; providerMetadata?: UIProviderMetadata }
  /** A sub-agent's tool calls carry its marker in `providerMetadata.lode` (`callProviderMetadata` in the part). */
  | { type: "tool-input-start"; toolCallId: string; toolName: string; providerMetadata?: UIProviderMetadata }
  | { type: "tool-input-delta"; toolCallId: string; inputTextDelta: string }
  | {
      type: "tool-input-available";
      toolCallId: string;
      toolName: string;
      input: unknown;
      providerMetadata?: UIProviderMetadata;
    }
  | { type: "tool-input-error"; toolCallId: string; toolName: string; input: unknown; errorText: string }
  | { type: "tool-output-available"; toolCallId: string; output: unknown }
  | { type: "tool-output-error"; toolCallId: string; errorText: string }
  /** A call waits for a person's approval; `useChat`'s `addToolApprovalResponse({ id: approvalId })` answers it. */
  | { type: "tool-approval-request"; approvalId: string; toolCallId: string }
  /** A person denied the call. */
  | { type: "tool-output-denied"; toolCallId: string }
  | {
      type: "source-url";
      sourceId: string;
      url: string;
      title?: string;
      providerMetadata?: UIProviderMetadata;
    }
  | {
      type: "source-document";
      sourceId: string;
      mediaType: string;
      title: string;
      filename?: string;
      providerMetadata?: UIProviderMetadata;
    }
  /** A file the model generated (an image), as a data URL. */
  | { type: "file"; url: string; mediaType: string; providerMetadata?: UIProviderMetadata }
  | {
      /** A tool's `progress()` report: transient, so it reaches `onData` but is not kept in the message. */
      type: "data-tool-progress";
      id: string;
      data: { toolCallId: string; toolName: string; data: unknown };
      transient: true;
    }
  | {
      /** The conversation passed to another agent: kept in the message (see `UIHandoffData`). */
      type: "data-handoff";
      id: string;
      data: UIHandoffData;
    }
  /** The speaker changed (a handoff): `{ agent, agentPath }`, merged into the message's metadata. */
  | { type: "message-metadata"; messageMetadata: unknown }
  | { type: "finish-step" }
  | { type: "error"; errorText: string }
  | { type: "abort"; reason?: string }
  | { type: "finish"; finishReason?: UIFinishReason; messageMetadata?: unknown };

/**
 * Who is speaking in the message, as its metadata says (`message.metadata` in `useChat`): the agent at the
 * end of the top run's path and the whole path. Sent with `start` and `finish`, and in a `message-metadata`
 * chunk whenever a handoff changes the speaker.
 */
export interface UIAgentMetadata {
  agent: string;
  agentPath: string[];
}

/** The data of a `data-handoff` part: the conversation passed from one agent to another. */
export interface UIHandoffData {
  from: string;
  to: string;
  /** Why, as the model said in its `transfer_to_{to}` call, when it said. */
  reason?: string;
  /** The path of the agent that handed off (longer than one for a handoff inside a sub-agent). */
  agentPath: string[];
  /** The `transfer_to_{to}` call that made the handoff: its tool part is in the same message. */
  toolCallId: string;
}

/**
 * What marks a sub-agent's parts, under the `lode` key of their `providerMetadata` (a tool part's
 * `callProviderMetadata` once the AI SDK has read it): the sub-agent's path, its run, and the caller's tool
 * call that runs it, under which a chat can nest them.
 */
export interface UISubAgentMarker {
  agentPath: string[];
  runId: string;
  parentToolCallId?: string;
}
