import type { BedrockRuntimeClient, ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { StepUsage } from "../contracts/run-result.js";
import { CONTEXT_OVERFLOW_STOP_REASON } from "../errors/context-overflow-messages.js";
import { LodeError } from "../errors/lode-error.js";
import { explainSetupFailure } from "../errors/setup-errors.js";
import { abortableDelay, planRetry, type RetryPolicy } from "./retry-policy.js";
import { addUsage } from "./step-usage.js";
import {
  type ModelStepOutcome,
  type ModelStepProgress,
  ModelStreamAttempt,
  newModelStepProgress,
} from "./stream-model-step.js";

/** A model call's outcome, with what its attempts cost in all. */
export interface ModelCallResult extends ModelStepOutcome {
  /** Attempts beyond the first (retried failures and context overflows). */
  retries: number;
  /** The usage of every attempt, overflowed ones included. */
  spent: StepUsage;
}

export interface CallModelOptions {
  client: BedrockRuntimeClient;
  step: number;
  signal: AbortSignal;
  policy: RetryPolicy;
  /** The request to send: `overflows` is 0 at first, one more after each context overflow (reduce harder). */
  requestFor: (overflows: number) => Promise<ConverseStreamRequest>;
  /** Whether the request may be made smaller again after `overflows` overflows; else the overflow stands. */
  mayShrink: (overflows: number) => boolean;
  /** Follows the attempt in flight, so an interruption can keep what it had streamed. */
  watch?: { progress?: ModelStepProgress };
}

/**
 * One model step, however many attempts it takes: a retryable failure (throttling, 5xx, a retryable
 * in-stream exception) is tried again under `policy`, a context overflow with a smaller request. A retry
 * after deltas were yielded starts the step over, and says so. One generator for both, so each streamed
 * event crosses as few async layers as possible.
 */
export async function* callModelWithRetry(
  options: CallModelOptions,
): AsyncGenerator<UnstampedEvent, ModelCallResult> {
  let spent: StepUsage | undefined;
  let retries = 0;
  for (let overflows = 0; ; overflows++) {
    const request = await options.requestFor(overflows);
    for (let attempt = 1; ; attempt++) {
      const progress = newModelStepProgress();
      if (options.watch) options.watch.progress = progress;
      const stream = new ModelStreamAttempt(options.step, progress);
      let outcome: ModelStepOutcome;
      try {
        // The attempt's events are yielded right here, not through a generator of its own: one async
        // layer less for every streamed event.
        const reader = await stream.open(options.client, request, options.signal);
        let finished = false;
        try {
          for (let item = await reader.next(); !item.done; item = await reader.next()) {
            for (const event of stream.read(item.value)) {
              progress.yielded = true;
              yield event;
            }
          }
          finished = true;
        } finally {
          reader.close(finished);
        }
        outcome = stream.outcome(options.signal);
      } catch (thrown) {
        const error = await explainSetupFailure(
          options.client,
          LodeError.isInstance(thrown) ? thrown : stream.failure(thrown, options.signal),
        );
        if (isOverflow(error) && options.mayShrink(overflows)) {
          retries++;
          yield overflowRetry(overflows, false);
          break;
        }
        const { error: failure, delayMs } = planRetry(options.policy, error, attempt, options.signal);
        retries++;
        yield {
          type: "retry",
          operation: "ConverseStream",
          attempt,
          delayMs,
          code: failure.code,
          message: failure.message,
          discardsPartialStep: progress.yielded,
        };
        // What that attempt streamed is void: an interruption during the backoff keeps none of it.
        if (options.watch) options.watch.progress = undefined;
        await abortableDelay(delayMs, options.signal);
        continue;
      }
      spent = spent ? addUsage(spent, outcome.usage) : outcome.usage;
      if (outcome.stopReason !== CONTEXT_OVERFLOW_STOP_REASON || !options.mayShrink(overflows))
        return { ...outcome, retries, spent };
      retries++;
      yield overflowRetry(overflows, (outcome.message.content ?? []).length > 0);
      break;
    }
  }
}

function isOverflow(error: unknown): boolean {
  return LodeError.isInstance(error) && error.code === "context-overflow";
}

/** The `retry` event of a step tried again because its request overflowed the context window. */
function overflowRetry(overflows: number, discardsPartialStep: boolean): UnstampedEvent {
  return {
    type: "retry",
    operation: "ConverseStream",
    attempt: overflows + 1,
    delayMs: 0,
    code: "context-overflow",
    message: "The request did not fit the model's context window; the context strategy reduces it.",
    discardsPartialStep,
  };
}
