import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ApprovalRequest } from "../contracts/approval.js";
import type { ToolCallRecord } from "../contracts/run-result.js";

/**
 * What a session keeps while calls wait for a person: the model's message that asked for them, the
 * results of its calls that needed no approval, and the calls still waiting. Plain data (bytes as
 * `$bytes`), kept in the session's metadata, so any process can resume it.
 */
export interface PendingApproval {
  /** The format of this record. */
  version: 1;
  /** The run that paused. */
  runId: string;
  /** The session's message version right after the run wrote its messages: decisions must find it there. */
  sessionVersion: number;
  /** The assistant message whose tool uses wait, reasoning and signatures included. */
  message: Message;
  /** The calls of that message already answered (they needed no approval), in the message's order. */
  answered: ToolCallRecord[];
  /** The calls waiting for a decision. */
  waiting: ApprovalRequest[];
}
