import type { BedrockRuntimeClient, ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ModelCallWatcher } from "../contracts/instrumentation.js";
import type { StepUsage } from "../contracts/run-result.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
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
  /**
   * False when nothing can abort `signal` while this call runs: the request is then sent without it, sparing
   * the SDK's abort listeners on every call and a race of every stream event's read against the signal.
   */
  abortable?: boolean;
  policy: RetryPolicy;
  /** The request to send: `overflows` is 0 at first, one more after each context overflow (reduce harder). */
  requestFor: (overflows: number) => Promise<ConverseStreamRequest>;
  /** Whether the request may be made smaller again after `overflows` overflows; else the overflow stands. */
  mayShrink: (overflows: number) => boolean;
  /**
   * Where streamed events go instead of being yielded, when it answers a function (nobody reads the run's
   * events one at a time): each is delivered at once, sparing an async hop per event. Asked per event.
   */
  direct?: () => ((event: UnstampedEvent) => void) | undefined;
  /**
   * Asked per attempt: true when nobody would hear its streamed events (delivered directly, with no
   * listener and no instrumentation). The attempt then makes none, and only assembles the answer.
   */
  unheard?: () => boolean;
  /** Follows the attempt in flight, so an interruption can keep what it had streamed. */
  watch?: { progress?: ModelStepProgress };
  /**
   * Starts the run's instrumentation of this call, once its first request is built: the attempts' sends
   * run inside its context, and it hears how the call went.
   */
  watchCall?: (request: ConverseStreamRequest) => ModelCallWatcher;
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
  let malformedRetries = 0;
  let watcher: ModelCallWatcher | undefined;
  // Whether the watcher heard the call end (a flag, not a closure per call: the root README, "Speed").
  let ended = false;
  try {
    for (let overflows = 0; ; overflows++) {
      const request = await options.requestFor(overflows);
      watcher ??= options.watchCall?.(request);
      for (let attempt = 1; ; attempt++) {
        const progress = newModelStepProgress();
        if (options.watch) options.watch.progress = progress;
        const stream = new ModelStreamAttempt(options.step, progress, options.unheard?.() === true);
        let outcome: ModelStepOutcome;
        try {
          // The attempt's events are yielded right here, not through a generator of its own: one async
          // layer less for every streamed event.
          const signal = options.abortable === false ? undefined : options.signal;
          const reader = await (watcher
            ? watcher.send(() => stream.open(options.client, request, signal))
            : stream.open(options.client, request, signal));
          let finished = false;
          let first = true;
          try {
            for (let item = await reader.next(); !item.done; item = await reader.next()) {
              if (first) {
                first = false;
                watcher?.firstChunk();
              }
              const events = stream.read(item.value);
              for (let index = 0; index < events.length; index++) {
                progress.yielded = true;
                const deliver = options.direct?.();
                if (deliver) deliver(events[index] as UnstampedEvent);
                else yield events[index] as UnstampedEvent;
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
            yield retried(watcher, overflowRetry(overflows, false));
            break;
          }
          const { error: failure, delayMs } = planRetry(options.policy, error, attempt, options.signal);
          retries++;
          yield retried(watcher, {
            type: "retry",
            operation: "ConverseStream",
            attempt,
            delayMs,
            code: failure.code,
            message: failure.message,
            discardsPartialStep: progress.yielded,
          });
          // What that attempt streamed is void: an interruption during the backoff keeps none of it.
          if (options.watch) options.watch.progress = undefined;
          await abortableDelay(delayMs, options.signal);
          continue;
        }
        spent = spent ? addUsage(spent, outcome.usage) : outcome.usage;
        const malformed = malformedOutput(outcome, malformedRetries);
        if (malformed === "retry") {
          malformedRetries++;
          retries++;
          yield retried(watcher, {
            type: "retry",
            operation: "ConverseStream",
            attempt,
            delayMs: 0,
            code: "malformed-output",
            message: MALFORMED_TOOL_USE,
            discardsPartialStep: progress.yielded,
          });
          if (options.watch) options.watch.progress = undefined;
          continue;
        }
        if (malformed) throw malformed;
        if (outcome.stopReason !== CONTEXT_OVERFLOW_STOP_REASON || !options.mayShrink(overflows)) {
          ended = true;
          watcher?.end({
            status: "answered",
            message: outcome.message,
            stopReason: outcome.stopReason,
            usage: spent,
            requestId: outcome.requestId,
          });
          return { ...outcome, retries, spent };
        }
        retries++;
        yield retried(watcher, overflowRetry(overflows, (outcome.message.content ?? []).length > 0));
        break;
      }
    }
  } catch (error) {
    ended = true;
    watcher?.end({ status: "failed", error: classifyAwsError(error) });
    throw error;
  } finally {
    // The run stopped reading this call (an abort): the watcher still hears that it ended.
    if (!ended) watcher?.end({ status: "failed", error: new LodeError("aborted", "The run was aborted.") });
  }
}

/** A retry event, told to the call's watcher as it is yielded. */
function retried(watcher: ModelCallWatcher | undefined, event: RetryEvent): RetryEvent {
  watcher?.retry(event);
  return event;
}

type RetryEvent = Extract<UnstampedEvent, { type: "retry"; operation: "ConverseStream" }>;

const MALFORMED_TOOL_USE =
  "The model produced a tool use Bedrock could not read (stop reason malformed_tool_use).";
/** A malformed tool use is often a one-off of sampling: asked again, the model usually gets it right. */
const MALFORMED_TOOL_USE_RETRIES = 1;

/**
 * What an answer Bedrock could not read calls for: a malformed tool use is asked for again (once), then
 * raised; a malformed answer is raised at once. Undefined for any other answer.
 */
function malformedOutput(outcome: ModelStepOutcome, retried: number): "retry" | LodeError | undefined {
  const { stopReason, requestId } = outcome;
  if (stopReason === "malformed_tool_use") {
    if (retried < MALFORMED_TOOL_USE_RETRIES) return "retry";
    return new LodeError("malformed-output", `${MALFORMED_TOOL_USE} It did so again when asked once more.`, {
      requestId,
    });
  }
  if (stopReason === "malformed_model_output")
    return new LodeError(
      "malformed-output",
      "The model produced an answer Bedrock could not read (stop reason malformed_model_output).",
      { requestId },
    );
  return undefined;
}

function isOverflow(error: unknown): boolean {
  return LodeError.isInstance(error) && error.code === "context-overflow";
}

/** The `retry` event of a step tried again because its request overflowed the context window. */
function overflowRetry(overflows: number, discardsPartialStep: boolean): RetryEvent {
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
