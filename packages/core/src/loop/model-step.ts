import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { StepUsage } from "../contracts/run-result.js";
import { applyGuardContent } from "../guardrails/guard-content.js";
import { callModelWithRetry } from "../model/call-model-with-retry.js";
import type { ModelStepOutcome, ModelStepProgress } from "../model/stream-model-step.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import { buildConverseRequest } from "./build-request.js";
import { isContextOverflow, prepareContext, retriesOverflow } from "./prepare-context.js";
import type { RunContext } from "./run-context.js";
import { addUsage, emptyUsage } from "./step-usage.js";
import type { Transcript } from "./transcript.js";

/** A model step's outcome, with what its attempts cost in all. */
export interface ModelStepResult extends ModelStepOutcome {
  /** Attempts beyond the first (retried failures and context overflows). */
  retries: number;
  /** The usage of every attempt, overflowed ones included. */
  spent: StepUsage;
}

/**
 * One model call of the run: the request built from the transcript as the context strategy prepares it,
 * sent with retries. A context overflow makes the strategy reduce harder and the call go again, a bounded
 * number of times. `watch.progress` follows the attempt in flight.
 */
export async function* modelStep(
  ctx: RunContext,
  transcript: Transcript,
  options: { step: number; forceOutputTool: boolean; watch: { progress?: ModelStepProgress } },
): AsyncGenerator<UnstampedEvent, ModelStepResult> {
  const history = transcript.history();
  let spent = emptyUsage();
  let overflows = 0;
  for (let attempt = 0; ; attempt++) {
    const request = buildConverseRequest({
      modelId: ctx.modelId,
      system: ctx.system,
      tools: ctx.tools,
      messages: applyGuardContent(await prepareContext(ctx, history, attempt), ctx.guardContent),
      settings: ctx.output?.outputConfig
        ? { ...ctx.settings, outputConfig: { ...ctx.settings.outputConfig, ...ctx.output.outputConfig } }
        : ctx.settings,
      ...(options.forceOutputTool ? { toolChoice: { tool: { name: OUTPUT_TOOL_NAME } } } : {}),
    });
    let outcome: ModelStepOutcome & { retries: number };
    try {
      outcome = yield* callModelWithRetry({
        client: ctx.client,
        request,
        step: options.step,
        signal: ctx.signal,
        policy: ctx.retry,
        watch: options.watch,
      });
    } catch (error) {
      if (!isContextOverflow({ error }) || !retriesOverflow(ctx, attempt)) throw error;
      overflows++;
      yield contextRetry(attempt, false);
      continue;
    }
    spent = addUsage(spent, outcome.usage);
    if (!isContextOverflow(outcome) || !retriesOverflow(ctx, attempt))
      return { ...outcome, retries: outcome.retries + overflows, spent };
    overflows++;
    yield contextRetry(attempt, (outcome.message.content ?? []).length > 0);
  }
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
