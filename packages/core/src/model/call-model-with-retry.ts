import type { BedrockRuntimeClient, ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "../contracts/agent-event.js";
import type { BlockEvent } from "../model/assemble-content-blocks.js";
import { abortableDelay, planRetry, type RetryPolicy } from "../model/retry-policy.js";
import { type ModelStepOutcome, streamModelStep } from "../model/stream-model-step.js";

/** A retry of the model call about to happen. */
export type RetryEvent = Extract<AgentEvent, { type: "retry"; operation: "ConverseStream" }>;

/**
 * One model step, retried under `policy` when it fails with a retryable error (throttling, 5xx, a
 * retryable in-stream exception). A retry after deltas were yielded starts the step over, and says so.
 */
export async function* callModelWithRetry(options: {
  client: BedrockRuntimeClient;
  request: ConverseStreamRequest;
  runId: string;
  step: number;
  signal: AbortSignal;
  policy: RetryPolicy;
}): AsyncGenerator<BlockEvent | RetryEvent, ModelStepOutcome & { retries: number }> {
  for (let attempt = 1; ; attempt++) {
    const progress = { yielded: false };
    try {
      const outcome = yield* streamModelStep(options, progress);
      return { ...outcome, retries: attempt - 1 };
    } catch (error) {
      const { error: failure, delayMs } = planRetry(options.policy, error, attempt, options.signal);
      yield {
        type: "retry",
        operation: "ConverseStream",
        runId: options.runId,
        step: options.step,
        attempt,
        delayMs,
        code: failure.code,
        message: failure.message,
        discardsPartialStep: progress.yielded,
      };
      await abortableDelay(delayMs, options.signal);
    }
  }
}
