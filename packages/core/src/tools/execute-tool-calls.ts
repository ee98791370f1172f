import PQueue from "p-queue";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalRequest } from "../contracts/approval.js";
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
  context: Pick<ToolCall, "runId" | "step" | "sessionId">;
  /** Where `tool-progress` and `tool-result` events go, as they happen. */
  emit: (event: UnstampedEvent) => void;
}

/** What a step's calls came to: the answered ones, and those waiting for a person's approval. */
export interface ExecutedToolCalls {
  /** Answered calls, in the order of the tool uses. */
  records: ToolCallRecord[];
  /** Calls the approval step left waiting, in the order of the tool uses. */
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
  const outcomes = await Promise.all(
    options.toolUses.map((use) =>
      queue ? queue.add(() => executeOne(use, options)) : executeOne(use, options),
    ),
  );
  return {
    records: outcomes.filter((outcome): outcome is ToolCallRecord => "status" in outcome),
    waiting: outcomes.filter((outcome): outcome is ApprovalRequest => !("status" in outcome)),
  };
}

async function executeOne(
  use: AssembledToolUse,
  options: ExecuteToolCallsOptions,
): Promise<ToolCallRecord | ApprovalRequest> {
  const { toolUseId, toolName } = use;
  const startedAt = performance.now();
  const { runId, step, sessionId } = options.context;
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
  };
  const outcome = await options.answer(call);
  if (outcome.status === "pending") return { toolUseId, toolName, input: outcome.input };
  // A middleware's own answer has not met the check the tool's result met: the event, the record and the
  // request must all carry the data that is sent.
  const { status, content } = sendableAnswer(toolName, outcome);
  const durationMs = Math.round(performance.now() - startedAt);
  options.emit({ type: "tool-result", toolUseId, toolName, status, content, durationMs });
  const input = use.input === undefined ? use.rawInput : use.input;
  return { step: options.context.step, toolUseId, toolName, input, status, content, durationMs };
}
