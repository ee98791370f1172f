import type { EventOf } from "../contracts/agent-event.js";

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
  /**
   * Message metadata, sent with `start` (on `run-start`) and `finish` (on `run-end`), such as usage. An
   * object is sent over the speaker's `{ agent, agentPath }` (its keys win); anything else is sent alone,
   * and the message then says nothing of which agent speaks.
   */
  messageMetadata?: (event: EventOf<"run-start"> | EventOf<"run-end">) => unknown;
}
