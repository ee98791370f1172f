import PQueue from "p-queue";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { ToolCall } from "../contracts/tool-call.js";
import type { AssembledToolUse } from "../model/tool-input.js";
import type { AnswerToolCall } from "./compose-tool-middleware.js";

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

/**
 * Sends the tool uses of one step through the pipeline, at most `concurrency` at once, and answers every
 * one of them exactly once, in the order of the tool uses. The pipeline turns every failure into an error
 * result, so nothing here throws.
 */
export async function executeToolCalls(options: ExecuteToolCallsOptions): Promise<ToolCallRecord[]> {
  const concurrency = Math.max(1, options.concurrency);
  // When every call fits within the bound, the queue could never make one wait: skip its bookkeeping.
  if (options.toolUses.length <= concurrency) {
    return Promise.all(options.toolUses.map((toolUse) => executeOne(toolUse, options)));
  }
  const queue = new PQueue({ concurrency });
  return Promise.all(options.toolUses.map((toolUse) => queue.add(() => executeOne(toolUse, options))));
}

async function executeOne(use: AssembledToolUse, options: ExecuteToolCallsOptions): Promise<ToolCallRecord> {
  const { toolUseId, toolName } = use;
  const startedAt = performance.now();
  const call: ToolCall = {
    toolUseId,
    toolName,
    tool: undefined,
    input: use.input,
    rawInput: use.rawInput,
    ...(use.inputError !== undefined ? { inputError: use.inputError } : {}),
    ...options.context,
    signal: options.signal,
    progress: (data) => options.emit({ type: "tool-progress", toolUseId, toolName, data }),
  };
  const { status, content } = await options.answer(call);
  const durationMs = Math.round(performance.now() - startedAt);
  options.emit({ type: "tool-result", toolUseId, toolName, status, content, durationMs });
  const input = use.input === undefined ? use.rawInput : use.input;
  return { step: options.context.step, toolUseId, toolName, input, status, content, durationMs };
}
