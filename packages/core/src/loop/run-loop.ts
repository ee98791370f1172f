import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { keepPendingApproval } from "../approvals/keep-pending-approval.js";
import { loadPendingApproval } from "../approvals/pending-approval-store.js";
import { resumeApprovals } from "../approvals/resume-approvals.js";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ModelGuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { LimitStopReason, RunResult, RunStopReason } from "../contracts/run-result.js";
import { CONTEXT_OVERFLOW_STOP_REASON } from "../errors/context-overflow-messages.js";
import { LodeError } from "../errors/lode-error.js";
import { handleModelIntervention } from "../guardrails/model-intervention.js";
import { redactAssistantMessage } from "../guardrails/redact-history.js";
import { startWatching } from "../instrumentation/safe-watchers.js";
import type { ModelCallResult } from "../model/call-model-with-retry.js";
import type { ModelStepProgress } from "../model/stream-model-step.js";
import { invalidOutput, outputFromAnswer } from "../structured-output/output-turns.js";
import { closingNote } from "./closing-notes.js";
import { failRun, stopError } from "./fail-run.js";
import { modelStep } from "./model-step.js";
import type { RunContext } from "./run-context.js";
import { RunTally } from "./run-tally.js";
import { runToolStep } from "./run-tool-step.js";
import { metStopCondition } from "./stop-conditions.js";
import { Transcript } from "./transcript.js";

/**
 * The agent loop, written once: call the model, run the tools it asks for, append both to the run's
 * transcript, repeat until the model stops asking or a stop condition is met; then write the transcript
 * to the session. Yields every event (unstamped: the driver stamps them); returns the run's result.
 * `run()` drains this generator; `stream()` hands it to the caller.
 */
export async function* runLoop(ctx: RunContext): AsyncGenerator<UnstampedEvent, RunResult<unknown>> {
  const tally = new RunTally(ctx.price);
  const inFlight: { progress?: ModelStepProgress } = {};
  const store = { signal: ctx.signal, timeoutMs: ctx.storeTimeoutMs };
  let transcript: Transcript | undefined;
  try {
    // Started here, in the caller's context: a trace's run span is the child of what the caller is in.
    ctx.watcher = startWatching(ctx.instrumentation, ctx);
    ctx.arm();
    transcript = await Transcript.open({ runId: ctx.runId, session: ctx.session, bounds: store });
    const pending = ctx.session && (await loadPendingApproval(ctx.session, transcript.last(), store));
    yield {
      type: "run-start",
      input: ctx.input,
      ...(ctx.session ? { sessionId: ctx.sessionId } : {}),
      ...(pending ? { resumes: pending.runId } : {}),
    };
    // Calls the session's last run left waiting go first: decided, or denied by a new message.
    let paused = pending || ctx.decisions ? yield* resumeApprovals(ctx, transcript, pending) : undefined;
    transcript.append(...ctx.input);

    let stopReason: RunStopReason = "awaiting_approval";
    let output: unknown;
    let failedOutputs = 0;
    let forceOutputTool = false;
    while (!paused) {
      const limit = metStopCondition(ctx.stopConditions, tally.progress());
      if (limit) {
        if (ctx.output) throw outputCutShort(limit.reason);
        stopReason = limit.reason;
        transcript.closeTurn(closingNote({ kind: "limit", reason: limit.reason }));
        break;
      }
      const step = tally.steps.length + 1;
      yield { type: "step-start" };
      // Tool sources (MCP servers) are asked before each step: a tool they added is offered now.
      for (const warning of await ctx.toolBox.refresh(ctx.signal)) yield { type: "warning", ...warning };
      const outcome = yield* modelStep(ctx, transcript, { step, forceOutputTool, watch: inFlight });
      inFlight.progress = undefined;
      stopReason = outcome.stopReason;
      const record = tally.addStep(step, outcome);
      yield { type: "usage", usage: outcome.usage };
      const intervention = handleModelIntervention({
        outcome,
        guardrail: ctx.guardrail,
        guardContent: ctx.guardContent,
        input: ctx.input,
        transcript,
      });
      if (intervention) {
        tally.addInterventions(intervention);
        yield { type: "guardrail", intervention };
      }
      if (outcome.stopReason === CONTEXT_OVERFLOW_STOP_REASON) throw contextOverflow(outcome);

      if (asksForTools(outcome, intervention)) {
        yield { type: "message", message: outcome.message };
        const tools = yield* runToolStep(ctx, step, outcome.toolUses);
        record.toolCalls = tools.records;
        tally.addInterventions(...tools.interventions);
        if (!tools.resultMessage) {
          // Calls wait for a person: the message that asked for them is kept aside, with their state.
          paused = { message: outcome.message, answered: tools.records, waiting: tools.waiting };
          stopReason = "awaiting_approval";
          yield { type: "step-end", stopReason: outcome.stopReason, usage: outcome.usage };
          break;
        }
        // The model's message and its results join the transcript together: a toolUse never stands alone.
        transcript.append(outcome.message, tools.resultMessage);
        yield { type: "message", message: tools.resultMessage };
        yield { type: "step-end", stopReason: outcome.stopReason, usage: outcome.usage };
        if (ctx.signal.aborted) throw stopError(ctx);
        if (tools.output?.accepted) {
          output = tools.output.value;
          transcript.closeTurn(closingNote({ kind: "output" }));
          break;
        }
        if (tools.output && ++failedOutputs > ctx.maxOutputRetries) throw invalidOutput(tools.output.message);
        continue;
      }

      const answer = answerToKeep(outcome, intervention, ctx.guardrail?.redactOutput);
      if ((answer.content ?? []).length > 0) {
        transcript.append(answer);
        yield { type: "message", message: answer };
      }
      yield { type: "step-end", stopReason: outcome.stopReason, usage: outcome.usage };
      if (!ctx.output) break;
      if (intervention && intervention.action !== "masked") throw outputBlocked(intervention);
      if (outcome.stopReason === "max_tokens") throw outputCutShort("max_tokens");
      const next = await outputFromAnswer(ctx.output, answer, ++failedOutputs, ctx.maxOutputRetries);
      if (next.kind === "done") {
        output = next.value;
        break;
      }
      forceOutputTool = next.forceOutputTool;
      transcript.append(next.message);
    }

    const result = tally.result(ctx, transcript, stopReason, output, paused?.waiting ?? []);
    await transcript.write(store);
    if (ctx.session && (paused || pending)) await keepPendingApproval(ctx, transcript, paused, store);
    yield { type: "run-end", result };
    return result;
  } catch (error) {
    throw yield* failRun(ctx, transcript, inFlight.progress, error);
  } finally {
    ctx.dispose();
  }
}

/** A step whose tool uses must be answered: the model asked for tools, or a guardrail only masked its text. */
function asksForTools(
  outcome: ModelCallResult,
  intervention: ModelGuardrailIntervention | undefined,
): boolean {
  if (outcome.toolUses.length === 0) return false;
  return outcome.stopReason === "tool_use" || intervention?.action === "masked";
}

/**
 * The answer as the history keeps it: its placeholder when a guardrail's redaction applies; otherwise
 * without client tool uses, which a finished turn cannot answer (one cut off by `max_tokens`).
 */
function answerToKeep(
  outcome: ModelCallResult,
  intervention: ModelGuardrailIntervention | undefined,
  redactOutput: string | undefined,
): Message {
  if (intervention?.redacted && intervention.side === "output" && redactOutput)
    return redactAssistantMessage(redactOutput);
  return {
    role: "assistant",
    content: (outcome.message.content ?? []).filter(
      (block) => !block.toolUse || block.toolUse.type === "server_tool_use",
    ),
  };
}

function contextOverflow(outcome: ModelCallResult): LodeError {
  return new LodeError("context-overflow", "The conversation no longer fits the model's context window.", {
    requestId: outcome.requestId,
  });
}

/** A run that must produce structured output, ended by a limit or a cut-off answer before it did. */
function outputCutShort(reason: LimitStopReason | "max_tokens"): LodeError {
  const code =
    reason === "max_tokens"
      ? "max-tokens"
      : reason === "max_total_tokens"
        ? "token-limit"
        : reason === "time_limit"
          ? "timeout"
          : "step-limit";
  return new LodeError(code, `The run ended (${reason}) before the model gave its structured output.`);
}

function outputBlocked(intervention: ModelGuardrailIntervention): LodeError {
  return new LodeError(
    "guardrail-blocked",
    `A guardrail intervened (${intervention.side}) before the model gave its structured output.`,
  );
}
