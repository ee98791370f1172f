import type { BedrockRuntimeClient, ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import { abortableDelay, planRetry, type RetryPolicy } from "./retry-policy.js";
import {
  type ModelStepOutcome,
  type ModelStepProgress,
  newModelStepProgress,
  streamModelStep,
} from "./stream-model-step.js";

/**
 * One model step, retried under `policy` when it fails with a retryable error (throttling, 5xx, a
 * retryable in-stream exception). A retry after deltas were yielded starts the step over, and says so.
 * `watch.progress` follows the attempt in flight, so an interruption can keep what it had streamed.
 */
export async function* callModelWithRetry(options: {
  client: BedrockRuntimeClient;
  request: ConverseStreamRequest;
  step: number;
  signal: AbortSignal;
  policy: RetryPolicy;
  watch?: { progress?: ModelStepProgress };
}): AsyncGenerator<UnstampedEvent, ModelStepOutcome & { retries: number }> {
  for (let attempt = 1; ; attempt++) {
    const progress = newModelStepProgress();
    if (options.watch) options.watch.progress = progress;
    try {
      const outcome = yield* streamModelStep(options, progress);
      return { ...outcome, retries: attempt - 1 };
    } catch (error) {
      const { error: failure, delayMs } = planRetry(options.policy, error, attempt, options.signal);
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
    }
  }
}
