import type { AgentPath } from "./agent-path.js";

/** What a tool's `needsApproval` is asked about: one call, before it runs. */
export interface ApprovalContext {
  toolUseId: string;
  toolName: string;
  runId: string;
  step: number;
  sessionId: string | undefined;
}

/**
 * Whether a call needs a person's approval before it runs: always (`true`), never (`false`, the default),
 * or as a function of its validated input (`(input) => input.amount > 100`).
 */
export type NeedsApproval<Input = unknown> =
  | boolean
  | ((input: Input, context: ApprovalContext) => boolean | Promise<boolean>);

/** A call waiting for a person: what a UI shows to ask for approval. */
export interface ApprovalRequest {
  toolUseId: string;
  toolName: string;
  /** The input the model sent, as its schema validated it. */
  input: unknown;
  /**
   * The agent whose call it is, when it is a sub-agent's (`["support", "docs"]`): the decision, sent to the
   * run's own session like any other, resumes that sub-agent where it stopped.
   */
  agentPath?: AgentPath;
  /** For a sub-agent's call: the run's own tool call (the sub-agent's) that it waits inside. */
  parentToolUseId?: string;
}

/**
 * A person's verdict on a call: approve (optionally with edited input, validated again by the tool's
 * schema before it runs), or deny with a reason the model reads in the call's error result.
 */
export type ApprovalVerdict = { approved: true; input?: unknown } | { approved: false; reason?: string };

/** A verdict on one waiting call, named by its `toolUseId`. */
export type ApprovalDecision = ApprovalVerdict & { toolUseId: string };

/**
 * Decides calls in the run's own process: awaited before the tool runs (outside its timeout), aborted
 * with the run (`signal`). Without one, a run that meets a call needing approval ends with stop reason
 * `"awaiting_approval"` and a later run on the session brings the decisions.
 */
export type Approver = (
  request: ApprovalRequest & ApprovalContext,
  options: { signal: AbortSignal },
) => ApprovalVerdict | Promise<ApprovalVerdict>;

/** A run's input that brings decisions on its session's waiting calls instead of a new message. */
export interface ApprovalInput {
  decisions: ApprovalDecision[];
}
