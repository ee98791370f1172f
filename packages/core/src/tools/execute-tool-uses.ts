import type { ToolResultContentBlock, ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import PQueue from "p-queue";
import type { AgentEvent } from "../contracts/agent-event.js";
import type { ToolGuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { AnyTool, ToolContext, ToolResultStatus, ValidationIssue } from "../contracts/tool.js";
import {
  type GuardedToolCall,
  guardToolInput,
  guardToolOutput,
  type ToolCallGuard,
  toolGuardrailFor,
} from "../guardrails/guard-tool-call.js";
import { tryParseJson } from "../model/assemble-content-blocks.js";

/**
 * What a tool call reports while it runs (`guardrail`: its tool guardrail intervened; `retry`: that
 * guardrail's check is tried again).
 */
export type ToolEvent = Extract<
  AgentEvent,
  | { type: "tool-call" | "tool-progress" | "tool-result" | "guardrail" }
  | { type: "retry"; operation: "ApplyGuardrail" }
>;

export interface ExecuteToolUsesOptions {
  toolUses: ToolUseBlock[];
  /** Raw JSON text of each input as streamed, to tell the model when it was not valid JSON. */
  rawInputs: Map<string, string>;
  tools: ReadonlyMap<string, AnyTool>;
  concurrency: number;
  defaultTimeoutMs: number;
  signal: AbortSignal;
  context: Pick<ToolContext, "runId" | "step" | "sessionId">;
  emit: (event: ToolEvent) => void;
  /** Guards tool calls with ApplyGuardrail: the agent's tool guardrail, and the client to apply tools' own. */
  guard?: ToolCallGuard;
}

/**
 * Runs the tool uses of one step through a bounded queue and answers every one of them exactly once, in
 * the order of the tool uses. Failures of every kind become `status: "error"` results whose text tells the
 * model what to fix; nothing here throws.
 */
export async function executeToolUses(options: ExecuteToolUsesOptions): Promise<ToolCallRecord[]> {
  const concurrency = Math.max(1, options.concurrency);
  // When every call fits within the bound, the queue could never make one wait: skip its bookkeeping.
  if (options.toolUses.length <= concurrency) {
    return Promise.all(options.toolUses.map((toolUse) => executeOne(toolUse, options)));
  }
  const queue = new PQueue({ concurrency });
  return Promise.all(options.toolUses.map((toolUse) => queue.add(() => executeOne(toolUse, options))));
}

async function executeOne(toolUse: ToolUseBlock, options: ExecuteToolUsesOptions): Promise<ToolCallRecord> {
  const toolUseId = toolUse.toolUseId ?? "";
  const toolName = toolUse.name ?? "";
  const raw = options.rawInputs.get(toolUseId);
  const input = raw === undefined ? toolUse.input : (tryParseJson(raw) ?? raw);
  const startedAt = performance.now();
  options.emit({
    type: "tool-call",
    runId: options.context.runId,
    step: options.context.step,
    toolUseId,
    toolName,
    input,
  });
  const { status, content } = await answer(toolUse, input, raw, options);
  const durationMs = Math.round(performance.now() - startedAt);
  options.emit({
    type: "tool-result",
    runId: options.context.runId,
    step: options.context.step,
    toolUseId,
    toolName,
    status,
    content,
    durationMs,
  });
  return { step: options.context.step, toolUseId, toolName, input, status, content, durationMs };
}

async function answer(
  toolUse: ToolUseBlock,
  input: unknown,
  raw: string | undefined,
  options: ExecuteToolUsesOptions,
): Promise<{ status: ToolResultStatus; content: ToolResultContentBlock[] }> {
  const name = toolUse.name ?? "";
  const tool = options.tools.get(name);
  if (!tool) {
    const available = [...options.tools.keys()].join(", ") || "none";
    return failure(`Unknown tool "${name}". Available tools: ${available}.`);
  }
  if (raw !== undefined && tryParseJson(raw) === undefined) {
    return failure(
      `The input for tool "${name}" is not valid JSON: ${truncate(raw, 500)}. Send the input as one JSON object.`,
    );
  }
  let validated = tool.validate(input);
  if (!validated.success) {
    return failure(
      `Invalid input for tool "${name}": ${issuesText(validated.issues)}. Call the tool again with corrected input.`,
    );
  }
  const guardrail = toolGuardrailFor(tool, options.guard);
  const call: GuardedToolCall | undefined =
    guardrail && options.guard
      ? {
          guard: options.guard,
          guardrail,
          tool,
          toolUseId: toolUse.toolUseId ?? "",
          onRetry: (retry) =>
            options.emit({ ...retry, runId: options.context.runId, step: options.context.step }),
        }
      : undefined;
  if (call?.guardrail.input && !options.signal.aborted) {
    const checked = await guardToolInput(call, input);
    if (checked.intervention) emitIntervention(checked.intervention, options);
    if (checked.refusal !== undefined) return failure(checked.refusal);
    if (checked.intervention) {
      validated = tool.validate(checked.input);
      if (!validated.success) {
        return failure(
          `Tool "${name}" was not run: its input, as a guardrail masked it, is invalid: ${issuesText(validated.issues)}.`,
        );
      }
    }
  }
  if (options.signal.aborted) return failure(`Tool "${name}" was not run: the run was aborted.`);
  const outcome = await runWithTimeout(tool, validated.value, toolUse.toolUseId ?? "", options);
  if (!call?.guardrail.output || options.signal.aborted) return outcome;
  const { intervention, ...guarded } = await guardToolOutput(call, outcome);
  if (intervention) emitIntervention(intervention, options);
  return guarded;
}

function issuesText(issues: ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || "(input)"}: ${issue.message}`).join("; ");
}

function emitIntervention(intervention: ToolGuardrailIntervention, options: ExecuteToolUsesOptions): void {
  options.emit({
    type: "guardrail",
    runId: options.context.runId,
    step: options.context.step,
    intervention,
  });
}

async function runWithTimeout(
  tool: AnyTool,
  input: unknown,
  toolUseId: string,
  options: ExecuteToolUsesOptions,
): Promise<{ status: ToolResultStatus; content: ToolResultContentBlock[] }> {
  const timeoutMs = tool.timeoutMs ?? options.defaultTimeoutMs;
  // The tool's own signal is made only if the tool reads it: most tools never do, and making one costs.
  let controller: AbortController | undefined;
  let stopReason: unknown;
  let stop: (outcome: { status: ToolResultStatus; content: ToolResultContentBlock[] }) => void = () => {};
  // A tool that ignores its signal must not hold the run: the timeout and the abort answer for it.
  const stopped = new Promise<{ status: ToolResultStatus; content: ToolResultContentBlock[] }>((resolve) => {
    stop = resolve;
  });
  const halt = (reason: unknown, message: string) => {
    stopReason = reason;
    controller?.abort(reason);
    stop(failure(message));
  };
  const onRunAbort = () =>
    halt(options.signal.reason, `Tool "${tool.name}" was cancelled: the run was aborted.`);
  options.signal.addEventListener("abort", onRunAbort, { once: true });
  const timer = setTimeout(
    () => halt(new Error("timeout"), `Tool "${tool.name}" timed out after ${timeoutMs} ms.`),
    timeoutMs,
  );
  const context: ToolContext = {
    ...options.context,
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (stopReason !== undefined) controller.abort(stopReason);
      }
      return controller.signal;
    },
    toolUseId,
    progress: (data) =>
      options.emit({
        type: "tool-progress",
        runId: options.context.runId,
        step: options.context.step,
        toolUseId,
        toolName: tool.name,
        data,
      }),
  };
  try {
    const run = tool.run(input, context).then(
      (content) => ({
        status: "success" as const,
        content: content.length > 0 ? content : [{ text: "(no output)" }],
      }),
      (error: unknown) =>
        failure(`Tool "${tool.name}" failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return await Promise.race([run, stopped]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", onRunAbort);
  }
}

function failure(message: string): { status: ToolResultStatus; content: ToolResultContentBlock[] } {
  return { status: "error", content: [{ text: message }] };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
