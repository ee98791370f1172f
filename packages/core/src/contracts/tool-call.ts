import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "./agent-event.js";
import type { AgentPath } from "./agent-path.js";
import type { ApprovalDecision, ApprovalRequest } from "./approval.js";
import type { AnyTool } from "./tool.js";
import type { ToolCallAnswer } from "./tool-answer.js";

export type { ToolCallAnswer } from "./tool-answer.js";

/** One tool call of a model step, as it passes through the tool-call pipeline. */
export interface ToolCall {
  /** The id of the `toolUse` block this call answers. */
  readonly toolUseId: string;
  /** The tool the model named. */
  readonly toolName: string;
  /** The agent's tool of that name; `undefined` when it has none (the call is answered as unknown). */
  readonly tool: AnyTool | undefined;
  /**
   * The input: the JSON the model streamed, parsed once (`undefined` when it did not parse), and from the
   * validation step on, the value the tool's schema produced. A step may pass on a changed copy.
   */
  readonly input: unknown;
  /** The JSON text the model streamed for the input, as it came. */
  readonly rawInput: string;
  /** Why `rawInput` is not valid JSON, when it is not. */
  readonly inputError?: string;
  readonly runId: string;
  /** The model step (1-based) that asked for the call. */
  readonly step: number;
  readonly sessionId: string | undefined;
  /** Aborted when the run is aborted. */
  readonly signal: AbortSignal;
  /** Emits a `tool-progress` event for this call. */
  progress(data: unknown): void;
  /** The calling agent's path (see `ToolContext.agentPath`). */
  readonly agentPath: AgentPath;
  /** Passes on an event of a run this call drives (see `ToolContext.emit`). */
  emit(event: AgentEvent): void;
  /** Decisions on calls waiting inside this call (see `ToolContext.decisions`). */
  readonly decisions: readonly ApprovalDecision[];
  /** The conversation before the step that asked for this call (see `ToolContext.history`). */
  history(): readonly Message[];
}

/**
 * A call left unanswered, waiting for a person's approval (the approval step returns it when there is no
 * approver in the process): the run ends `"awaiting_approval"` and a later run brings the decision.
 */
export interface ToolCallPending {
  status: "pending";
  /** The input the person is asked about, as the tool's schema validated it. */
  input: unknown;
  /**
   * When the call itself is not what waits, but calls inside it (a sub-agent's, paused for approval): those
   * calls, which the run reports in its place. The decisions on them come back in `ToolContext.decisions`
   * when the call runs again.
   */
  inner?: ApprovalRequest[];
}

/** What the pipeline made of a call: an answer, or (only from the approval step on) a wait for approval. */
export type ToolCallOutcome = ToolCallAnswer | ToolCallPending;

/** Runs the rest of the pipeline on `call` (this step's call when left out) and resolves to its answer. */
export type NextToolStep = (call?: ToolCall) => Promise<ToolCallOutcome>;

/**
 * One step of the tool-call pipeline, `(call, next) => outcome`: answer the call itself (a cached result, a
 * refusal), or pass it on with `next` (changed, if need be) and return, or change, what the rest answered.
 * A step that throws answers the call with an error result carrying its message; the run goes on.
 */
export type ToolMiddleware = (call: ToolCall, next: NextToolStep) => Promise<ToolCallOutcome>;
