import type { ContentBlock, Message, ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "../contracts/agent-event.js";
import type {
  GuardrailIntervention,
  ModelGuardrailIntervention,
} from "../contracts/guardrail-intervention.js";
import type { RunResult, StepResult } from "../contracts/run-result.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { CONTEXT_OVERFLOW_STOP_REASON } from "../errors/context-overflow-messages.js";
import { LodeError } from "../errors/lode-error.js";
import { detectGuardrailIntervention } from "../guardrails/detect-guardrail-intervention.js";
import { applyGuardContent } from "../guardrails/guard-content.js";
import { redactAssistantMessage, redactUserMessage } from "../guardrails/redact-history.js";
import { SessionWriter } from "../memory/session-writer.js";
import { mergeConsecutiveUserMessages } from "../messages/merge-consecutive-user-messages.js";
import type { ModelStepOutcome } from "../model/stream-model-step.js";
import { OUTPUT_TOOL_NAME, parseOutputText } from "../structured-output/structured-output.js";
import { buildConverseRequest } from "./build-request.js";
import { callModelWithRetry } from "./call-model-with-retry.js";
import { isContextOverflow, prepareContext, retriesOverflow } from "./prepare-context.js";
import type { RunContext } from "./run-context.js";
import { runToolStep } from "./run-tool-step.js";
import { addUsage, emptyUsage } from "./step-usage.js";

/** Distributes `Omit` over a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type UnstampedEvent = DistributiveOmit<AgentEvent, "runId" | "step">;

/**
 * The agent loop, written once: call the model, run the tools it asks for, append both, repeat until
 * the model stops asking or a limit is reached. Yields every event; returns the run's result.
 * `run()` drains this generator; `stream()` hands it to the caller.
 */
export async function* runLoop(ctx: RunContext): AsyncGenerator<AgentEvent, RunResult<unknown>> {
  const startedAt = performance.now();
  let step = 0;
  const stamp = (event: UnstampedEvent) => ({ ...event, runId: ctx.runId, step }) as AgentEvent;
  // The run's messages, queued for its session and written once, when the run ends: a run's turns then
  // form one block that another writer's can never split (a conflict appends the block after theirs).
  const added: Message[] = [...ctx.input];
  let writer: SessionWriter | undefined;
  try {
    ctx.arm();
    const stored =
      ctx.sessionId && ctx.store ? await ctx.store.load(ctx.sessionId) : { messages: [], version: 0 };
    const sessionWriter = new SessionWriter(ctx.store, ctx.sessionId, stored.version);
    writer = sessionWriter;
    const conversation: Message[] = [...stored.messages, ...ctx.input];
    sessionWriter.add(...ctx.input);
    yield stamp({
      type: "run-start",
      input: ctx.input,
      ...(ctx.sessionId ? { sessionId: ctx.sessionId } : {}),
    });

    const steps: StepResult[] = [];
    let usage = emptyUsage();
    let output: unknown;
    let outputAttempts = 0;
    let forceOutputTool = false;
    let stopReason = "";
    let guardrail: RunResult["guardrail"];
    const guardrailInterventions: GuardrailIntervention[] = [];
    const append = (...messages: Message[]) => {
      conversation.push(...messages);
      added.push(...messages);
      sessionWriter.add(...messages);
    };
    const tools = ctx.output?.tool ? [...ctx.tools, ctx.output.tool] : ctx.tools;

    while (true) {
      if (step >= ctx.maxSteps) {
        stopReason = "max_steps";
        break;
      }
      if (usage.totalTokens >= ctx.maxTotalTokens) {
        stopReason = "max_total_tokens";
        break;
      }
      step++;
      yield stamp({ type: "step-start" });
      const history = mergeConsecutiveUserMessages(conversation);
      let outcome: ModelStepOutcome & { retries: number };
      // A context overflow makes the strategy reduce harder and the step try again, a bounded number of times.
      for (let attempt = 0; ; attempt++) {
        const request = buildConverseRequest({
          modelId: ctx.modelId,
          system: ctx.system,
          tools,
          messages: applyGuardContent(await prepareContext(ctx, history, attempt), ctx.guardContent),
          settings: ctx.output?.outputConfig
            ? { ...ctx.settings, outputConfig: { ...ctx.settings.outputConfig, ...ctx.output.outputConfig } }
            : ctx.settings,
          ...(forceOutputTool ? { toolChoice: { tool: { name: OUTPUT_TOOL_NAME } } } : {}),
        });
        try {
          outcome = yield* callModelWithRetry({
            client: ctx.client,
            request,
            runId: ctx.runId,
            step,
            signal: ctx.signal,
            policy: ctx.retry,
          });
        } catch (error) {
          if (!isContextOverflow({ error }) || !retriesOverflow(ctx, attempt)) throw error;
          yield stamp(contextRetry(attempt, false));
          continue;
        }
        if (!isContextOverflow(outcome) || !retriesOverflow(ctx, attempt)) break;
        usage = addUsage(usage, outcome.usage);
        yield stamp(contextRetry(attempt, (outcome.message.content ?? []).length > 0));
      }
      stopReason = outcome.stopReason;
      usage = addUsage(usage, outcome.usage);
      const stepResult: StepResult = {
        step,
        message: outcome.message,
        stopReason,
        usage: outcome.usage,
        toolCalls: [],
        retries: outcome.retries,
      };
      steps.push(stepResult);
      yield stamp({ type: "usage", usage: outcome.usage });

      const intervention = detectGuardrailIntervention({
        stopReason,
        trace: outcome.trace?.guardrail,
        message: outcome.message,
        outputTokens: outcome.usage.outputTokens,
      });
      if (intervention) {
        if (ctx.guardrail) {
          intervention.guardrailId = ctx.guardrail.id;
          intervention.guardrailVersion = ctx.guardrail.version;
        }
        if (redactsInput(ctx, intervention)) {
          intervention.redacted = redactRunInput(ctx, sessionWriter, conversation, added);
        } else if (redactsOutput(ctx, intervention)) {
          intervention.redacted = true;
        }
        guardrail = intervention;
        guardrailInterventions.push(intervention);
        yield stamp({ type: "guardrail", intervention });
      }
      if (stopReason === CONTEXT_OVERFLOW_STOP_REASON) {
        throw new LodeError(
          "context-overflow",
          "The conversation no longer fits the model's context window.",
          { requestId: outcome.requestId },
        );
      }

      const clientToolUses = toolUsesOf(outcome.message.content ?? []);
      // A guardrail that only masked the answer's text leaves its tool uses to be answered.
      if ((stopReason === "tool_use" || intervention?.action === "masked") && clientToolUses.length > 0) {
        append(outcome.message);
        yield stamp({ type: "message", message: outcome.message });
        const {
          records,
          resultMessage,
          output: toolOutput,
          interventions,
        } = yield* runToolStep({
          ctx,
          step,
          toolUses: clientToolUses,
          rawInputs: outcome.rawToolInputs,
          tools,
        });
        stepResult.toolCalls = records;
        guardrailInterventions.push(...interventions);
        append(resultMessage);
        yield stamp({ type: "message", message: resultMessage });
        yield stamp({ type: "step-end", stopReason, usage: outcome.usage });
        if (ctx.signal.aborted) throw abortError(ctx);
        if (toolOutput.accepted) {
          output = toolOutput.value;
          break;
        }
        if (toolOutput.rejected && ++outputAttempts > ctx.maxOutputRetries)
          throw invalidOutput(toolOutput.message);
        continue;
      }

      // The turn is over. An incomplete tool use (cut off by max_tokens) cannot be answered: keep the rest.
      const finalMessage: Message =
        intervention?.redacted && intervention.side === "output" && ctx.guardrail?.redactOutput
          ? redactAssistantMessage(ctx.guardrail.redactOutput)
          : {
              role: "assistant",
              content: (outcome.message.content ?? []).filter(
                (block) => !block.toolUse || block.toolUse.type === "server_tool_use",
              ),
            };
      stepResult.message = finalMessage;
      if ((finalMessage.content ?? []).length > 0) {
        append(finalMessage);
        yield stamp({ type: "message", message: finalMessage });
      }
      yield stamp({ type: "step-end", stopReason, usage: outcome.usage });
      if (!ctx.output || (intervention && intervention.action !== "masked") || stopReason === "max_tokens")
        break;

      if (ctx.output.mode === "tool") {
        if (++outputAttempts > ctx.maxOutputRetries + 1)
          throw invalidOutput("the model did not call the output tool");
        forceOutputTool = true;
        // Roles must alternate: the forced turn answers a user message, not the model's own last one.
        append({
          role: "user",
          content: [{ text: `Give your final answer now by calling the ${OUTPUT_TOOL_NAME} tool.` }],
        });
        continue;
      }
      const candidate = parseOutputText(textOf(finalMessage));
      const checked =
        candidate === undefined
          ? { success: false as const, message: "the answer is not valid JSON" }
          : await ctx.output.check(candidate);
      if (checked.success) {
        output = checked.value;
        break;
      }
      if (++outputAttempts > ctx.maxOutputRetries) throw invalidOutput(checked.message);
      append({
        role: "user",
        content: [
          {
            text: `Your answer did not match the required JSON schema: ${checked.message}. Answer again with JSON only.`,
          },
        ],
      });
    }

    const lastAssistant = [...added].reverse().find((message) => message.role === "assistant");
    const result: RunResult<unknown> = {
      runId: ctx.runId,
      sessionId: ctx.sessionId,
      text: lastAssistant ? textOf(lastAssistant) : "",
      output,
      messages: added,
      stopReason,
      steps,
      usage,
      toolCalls: steps.flatMap((item) => item.toolCalls),
      guardrail,
      guardrailInterventions,
      durationMs: Math.round(performance.now() - startedAt),
    };
    await sessionWriter.flush();
    yield stamp({ type: "run-end", result });
    return result;
  } catch (error) {
    let lodeError = ctx.signal.aborted ? abortError(ctx, error) : classifyAwsError(error);
    if (writer) lodeError = await keepCompletedSteps(writer, added, lodeError);
    yield stamp({ type: "run-error", code: lodeError.code, message: lodeError.message, error: lodeError });
    throw lodeError;
  } finally {
    ctx.dispose();
  }
}

/** Blocked input is redacted when the run's guardrail says so. */
function redactsInput(ctx: RunContext, intervention: ModelGuardrailIntervention): boolean {
  return intervention.side === "input" && intervention.action === "blocked" && !!ctx.guardrail?.redactInput;
}

/** A blocked answer (or, with the trace off, one that may have been) is redacted when the guardrail says so. */
function redactsOutput(ctx: RunContext, intervention: ModelGuardrailIntervention): boolean {
  return intervention.side === "output" && intervention.action !== "masked" && !!ctx.guardrail?.redactOutput;
}

/**
 * Replaces the last user message of the run's input with its redacted form in the conversation, the run's
 * messages and the writer's queue (nothing is written before the run ends); false when that message is
 * not queued.
 */
function redactRunInput(
  ctx: RunContext,
  writer: SessionWriter,
  conversation: Message[],
  added: Message[],
): boolean {
  const blocked = ctx.input.findLast((message) => message.role === "user");
  if (!blocked || !ctx.guardrail?.redactInput) return false;
  const replacement = redactUserMessage(blocked, ctx.guardrail.redactInput);
  if (!writer.replace(blocked, replacement)) return false;
  conversation[conversation.indexOf(blocked)] = replacement;
  added[added.indexOf(blocked)] = replacement;
  return true;
}

function toolUsesOf(content: ContentBlock[]): ToolUseBlock[] {
  return content.flatMap((block) =>
    block.toolUse && block.toolUse.type !== "server_tool_use" ? [block.toolUse] : [],
  );
}

/** The text of a message: its text blocks and cited text, joined. */
export function textOf(message: Message): string {
  return (message.content ?? [])
    .map(
      (block) => block.text ?? block.citationsContent?.content?.map((part) => part.text ?? "").join("") ?? "",
    )
    .join("");
}

function abortError(ctx: RunContext, cause?: unknown): LodeError {
  if (LodeError.isInstance(cause) && cause.code !== "aborted") return cause;
  return ctx.timedOut()
    ? new LodeError("timeout", "The run exceeded its time limit.", { cause })
    : new LodeError("aborted", "The run was aborted.", { cause });
}

/** The `retry` event of a step tried again because its request overflowed the context window. */
function contextRetry(attempt: number, discardsPartialStep: boolean): UnstampedEvent {
  return {
    type: "retry",
    operation: "ConverseStream",
    attempt: attempt + 1,
    delayMs: 0,
    code: "context-overflow",
    message: "The request did not fit the model's context window; the context strategy reduces it.",
    discardsPartialStep,
  };
}

function invalidOutput(details: string): LodeError {
  return new LodeError("invalid-output", `The model's structured output stayed invalid: ${details}`);
}

/**
 * A run that fails or is aborted still stores the steps it completed (its queue always ends on a whole
 * turn: an assistant message with its tool results); a run that completed none stores nothing, not even
 * its question. A failure to store is reported with the run's own error, which stays the cause.
 */
async function keepCompletedSteps(
  writer: SessionWriter,
  added: Message[],
  error: LodeError,
): Promise<LodeError> {
  if (!added.some((message) => message.role === "assistant")) return error;
  try {
    await writer.flush();
    return error;
  } catch (storeError) {
    const reason = storeError instanceof Error ? storeError.message : String(storeError);
    return new LodeError(error.code, `${error.message} Its completed steps could not be stored: ${reason}`, {
      cause: error,
      ...(error.requestId ? { requestId: error.requestId } : {}),
      retryable: error.retryable,
    });
  }
}
