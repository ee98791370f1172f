import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { keepPendingApproval } from "../approvals/keep-pending-approval.js";
import { loadPendingApproval } from "../approvals/pending-approval-store.js";
import { resumeApprovals } from "../approvals/resume-approvals.js";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { RunResult, RunStopReason } from "../contracts/run-result.js";
import { CONTEXT_OVERFLOW_STOP_REASON } from "../errors/context-overflow-messages.js";
import { handleModelIntervention } from "../guardrails/model-intervention.js";
import { keepActiveAgent, restoreActiveAgent } from "../handoffs/active-agent.js";
import { takeHandoff } from "../handoffs/take-handoff.js";
import { startWatching } from "../instrumentation/safe-watchers.js";
import type { ModelStepProgress } from "../model/stream-model-step.js";
import { invalidOutput, outputFromAnswer } from "../structured-output/output-turns.js";
import { closingNote } from "./closing-notes.js";
import { leftToYield } from "./deliver-now.js";
import { failRun, stopError } from "./fail-run.js";
import { runStart, stepEnd } from "./loop-events.js";
import { modelStep } from "./model-step.js";
import { resumeRun } from "./resume-run.js";
import { RunCheckpoints } from "./run-checkpoints.js";
import type { RunContext } from "./run-context.js";
import { RunTally } from "./run-tally.js";
import { runToolStep } from "./run-tool-step.js";
import {
  answerToKeep,
  asksForTools,
  contextOverflow,
  outputBlocked,
  outputCutShort,
} from "./step-outcomes.js";
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
    ctx.history = (transcript as Transcript).history.bind(transcript);
    await restoreActiveAgent(ctx, store);
    const checkpoints = new RunCheckpoints(ctx, transcript, tally);
    // A resumed run's waiting calls, if any, are in its checkpoint, not yet in its session.
    const pending =
      ctx.session && !ctx.resume
        ? await loadPendingApproval(ctx.session, transcript.last(), store)
        : undefined;
    for (const event of leftToYield(ctx, runStart(ctx, pending))) yield event;
    for (const warning of ctx.watcher?.warnings ?? []) yield { type: "warning", ...warning };
    // Calls the session's last run left waiting go first: decided, or denied by a new message.
    let paused = pending || ctx.decisions ? yield* resumeApprovals(ctx, transcript, pending) : undefined;
    const resumed = ctx.resume ? yield* resumeRun(ctx, ctx.resume, transcript, tally) : undefined;
    if (!ctx.resume) transcript.append(...ctx.input);

    const ended = resumed?.ended;
    paused ??= ended?.paused;
    let stopReason: RunStopReason = ended?.stopReason ?? "awaiting_approval";
    let output: unknown = ended?.output;
    const state = {
      failedOutputs: resumed?.failedOutputs ?? 0,
      forceOutputTool: resumed?.forceOutputTool ?? false,
    };
    while (!paused && !ended) {
      await checkpoints.save({ kind: "between-steps" }, state);
      const limit = metStopCondition(ctx.stopConditions, tally.progress());
      if (limit) {
        if (ctx.output) throw outputCutShort(limit.reason);
        stopReason = limit.reason;
        transcript.closeTurn(closingNote({ kind: "limit", reason: limit.reason }));
        break;
      }
      const step = tally.steps.length + 1;
      for (const event of leftToYield(ctx, { type: "step-start" })) yield event;
      // Tool sources (MCP servers) are asked before each step: a tool they added is offered now. A run
      // without sources skips the call, and the await it would cost every step.
      if (ctx.toolBox.hasSources)
        for (const warning of await ctx.toolBox.refresh(ctx.signal)) yield { type: "warning", ...warning };
      const { forceOutputTool } = state;
      const told: { message?: Message } = {};
      const outcome = yield* modelStep(ctx, transcript, {
        step,
        forceOutputTool,
        watch: inFlight,
        toolChange: told,
      });
      // The tool change the model was told of joins the history with its answer, not before: a failed call
      // leaves nothing behind, and the next one works the change out again.
      const toolChange = told.message ? [told.message] : [];
      inFlight.progress = undefined;
      stopReason = outcome.stopReason;
      const record = tally.addStep(step, outcome, ctx);
      for (const event of leftToYield(ctx, { type: "usage", usage: outcome.usage })) yield event;
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
        for (const event of leftToYield(ctx, { type: "message", message: outcome.message })) yield event;
        await checkpoints.save({ kind: "tools", step, message: outcome.message }, state);
        const tools = yield* runToolStep(ctx, step, outcome.toolUses);
        checkpoints.throwIfFailed();
        record.toolCalls = tools.records;
        tally.addInterventions(...tools.interventions);
        if (!tools.resultMessage) {
          // Calls wait for a person: the message that asked for them is kept aside, with their state.
          paused = { message: outcome.message, answered: tools.records, waiting: tools.waiting };
          stopReason = "awaiting_approval";
          for (const event of leftToYield(ctx, stepEnd(outcome))) yield event;
          break;
        }
        // The model's message and its results join the transcript together: a toolUse never stands alone.
        transcript.append(...toolChange, outcome.message, tools.resultMessage);
        for (const event of leftToYield(
          ctx,
          { type: "message", message: tools.resultMessage },
          stepEnd(outcome),
        ))
          yield event;
        if (ctx.signal.aborted) throw stopError(ctx);
        if (tools.handoff) yield* takeHandoff(ctx, transcript, tools.handoff);
        if (tools.handoffLimitReached) {
          stopReason = "max_handoffs";
          transcript.closeTurn(closingNote({ kind: "limit", reason: stopReason }));
          break;
        }
        if (tools.output?.accepted) {
          output = tools.output.value;
          // The model's turn ended on the output tool by design: the run is finished, as in native mode.
          stopReason = "end_turn";
          transcript.closeTurn(closingNote({ kind: "output" }));
          break;
        }
        if (tools.output && ++state.failedOutputs > ctx.maxOutputRetries)
          throw invalidOutput(tools.output.message);
        continue;
      }

      const answer = answerToKeep(outcome, intervention, ctx.guardrail?.redactOutput);
      if ((answer.content ?? []).length > 0) {
        transcript.append(...toolChange, answer);
        for (const event of leftToYield(ctx, { type: "message", message: answer })) yield event;
      }
      for (const event of leftToYield(ctx, stepEnd(outcome))) yield event;
      if (!ctx.output) break;
      if (intervention && intervention.action !== "masked") throw outputBlocked(intervention);
      if (outcome.stopReason === "max_tokens") throw outputCutShort("max_tokens");
      const next = await outputFromAnswer(ctx.output, answer, ++state.failedOutputs, ctx.maxOutputRetries);
      if (next.kind === "done") {
        output = next.value;
        break;
      }
      state.forceOutputTool = next.forceOutputTool;
      transcript.append(next.message);
    }

    if (!ended)
      await checkpoints.save({ kind: "ended", stopReason, output, ...(paused ? { paused } : {}) }, state);
    const result = tally.result(ctx, transcript, stopReason, output, paused?.waiting ?? []);
    await transcript.write(store);
    await keepActiveAgent(ctx, store);
    if (ctx.session && (paused || pending)) await keepPendingApproval(ctx, transcript, paused, store);
    for (const event of leftToYield(ctx, { type: "run-end", result })) yield event;
    return result;
  } catch (error) {
    throw yield* failRun(ctx, transcript, inFlight.progress, error);
  } finally {
    ctx.dispose();
  }
}
