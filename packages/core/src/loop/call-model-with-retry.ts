import type { BedrockRuntimeClient, ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import type { BlockEvent } from "../model/assemble-content-blocks.js";
import { abortableDelay, backoffDelay, type RetryPolicy, shouldRetry } from "../model/retry-policy.js";
import { type ModelStepOutcome, streamModelStep } from "../model/stream-model-step.js";

/** A retry about to happen, before the run stamps it with `runId` and `step`. */
export type RetryEvent = {
  type: "retry";
  attempt: number;
  delayMs: number;
  code: ReturnType<typeof classifyAwsError>["code"];
  message: string;
  discardsPartialStep: boolean;
};

/**
 * One model step, retried under `policy` when it fails with a retryable error (throttling, 5xx, a
 * retryable in-stream exception). A retry after deltas were yielded starts the step over, and says so.
 */
export async function* callModelWithRetry(options: {
  client: BedrockRuntimeClient;
  request: ConverseStreamRequest;
  step: number;
  signal: AbortSignal;
  policy: RetryPolicy;
}): AsyncGenerator<BlockEvent | RetryEvent, ModelStepOutcome & { retries: number }> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      const stream = streamModelStep(options);
      let next = await stream.next();
      while (!next.done) {
        yielded = true;
        yield next.value;
        next = await stream.next();
      }
      return { ...next.value, retries: attempt - 1 };
    } catch (error) {
      const classified = classifyAwsError(error);
      if (options.signal.aborted || !shouldRetry(options.policy, classified, attempt)) throw classified;
      const delayMs = backoffDelay(options.policy, attempt);
      yield {
        type: "retry",
        attempt,
        delayMs,
        code: classified.code,
        message: classified.message,
        discardsPartialStep: yielded,
      };
      await abortableDelay(delayMs, options.signal);
    }
  }
}
