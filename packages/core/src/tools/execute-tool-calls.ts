import PQueue from "p-queue";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalDecision, ApprovalRequest } from "../contracts/approval.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { ToolCall } from "../contracts/tool-call.js";
import type { AssembledToolUse } from "../model/tool-input.js";
import type { AnswerToolCall } from "./compose-tool-middleware.js";
import { sendableAnswer } from "./sendable-answer.js";

export interface ExecuteToolCallsOptions {
  toolUses: readonly AssembledToolUse[];
  /** The run's tool-call pipeline. */
  answer: AnswerToolCall;
  concurrency: number;
  signal: AbortSignal;
  context: Pick<ToolCall, "runId" | "step" | "sessionId" | "agentPath" | "emit" | "history"> & {
    /** Decisions on calls that wait inside a call (a sub-agent's), by that call's `toolUseId`. */
    innerDecisions?: ReadonlyMap<string, ApprovalDecision[]>;
  };
  /** Where `tool-progress` and `tool-result` events go, as they happen. */
  emit: (event: UnstampedEvent) => void;
}

/** What a step's calls came to: the answered ones, and those waiting for a person's approval. */
export interface ExecutedToolCalls {
  /** Answered calls, in the order of the tool uses. */
  records: ToolCallRecord[];
  /**
   * Calls left waiting, in the order of the tool uses: the approval step's, and the calls waiting inside a
   * call (a sub-agent's), in its place.
   */
  waiting: ApprovalRequest[];
}

/**
 * Sends the tool uses of one step through the pipeline, at most `concurrency` at once, and answers every
 * one of them exactly once (or leaves it waiting for approval), in the order of the tool uses. The
 * pipeline turns every failure into an error result, so nothing here throws.
 */
export async function executeToolCalls(options: ExecuteToolCallsOptions): Promise<ExecutedToolCalls> {
  const concurrency = Math.max(1, options.concurrency);
  // When every call fits within the bound, the queue could never make one wait: skip its bookkeeping.
  const queue = options.toolUses.length > concurrency ? new PQueue({ concurrency }) : undefined;
  // Loops, not callbacks made per step (why: the root README, "Speed").
  const calls: Promise<ToolCallRecord | ApprovalRequest[]>[] = [];
  for (const use of options.toolUses)
    calls.push(queue ? queue.add(() => executeOne(use, options)) : executeOne(use, options));
  const records: ToolCallRecord[] = [];
  const waiting: ApprovalRequest[] = [];
  for (const outcome of await Promise.all(calls)) {
    if (Array.isArray(outcome)) waiting.push(...outcome);
    else records.push(outcome);
  }
  return { records, waiting };
}

const NO_DECISIONS: readonly ApprovalDecision[] = [];

async function executeOne(
  use: AssembledToolUse,
  options: ExecuteToolCallsOptions,
): Promise<ToolCallRecord | ApprovalRequest[]> {
  const { toolUseId, toolName } = use;
  const startedAt = performance.now();
  const { runId, step, sessionId, agentPath, emit, history, innerDecisions } = options.context;
  const call: ToolCall = {
    toolUseId,
    toolName,
    tool: undefined,
    input: use.input,
    rawInput: use.rawInput,
    inputError: use.inputError,
    runId,
    step,
    sessionId,
    signal: options.signal,
    progress: (data) => options.emit({ type: "tool-progress", toolUseId, toolName, data }),
    agentPath,
    emit,
    decisions: innerDecisions?.get(toolUseId) ?? NO_DECISIONS,
    history,
  };
  const outcome = await options.answer(call);
  if (outcome.status === "pending")
    return (
      outcome.inner?.map((inner) => ({ ...inner, parentToolUseId: toolUseId })) ?? [
        { toolUseId, toolName, input: outcome.input },
      ]
    );
  // A middleware's own answer has not met the check the tool's result met: the event, the record and the
  // request must all carry the data that is sent.
  const { status, content } = sendableAnswer(toolName, outcome);
  const durationMs = Math.round(performance.now() - startedAt);
  options.emit({ type: "tool-result", toolUseId, toolName, status, content, durationMs });
  const input = use.input === undefined ? use.rawInput : use.input;
  return { step, toolUseId, toolName, input, status, content, durationMs, agentPath };
}
