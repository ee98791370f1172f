import { classifyAwsError } from "../errors/classify-aws-error.js";
import { LodeError } from "../errors/lode-error.js";

/** How failed model calls are retried: exponential backoff with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 4 */
  maxAttempts: number;
  /** Upper bound of the first delay. @default 500 */
  initialDelayMs: number;
  /** Upper bound of any delay. @default 20000 */
  maxDelayMs: number;
  /** Growth of the bound per attempt. @default 2 */
  multiplier: number;
  /** Whether to retry this error. @default the error's `retryable` flag (throttling, 5xx, retryable stream exceptions) */
  shouldRetry?: (error: LodeError, attempt: number) => boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  initialDelayMs: 500,
  maxDelayMs: 20_000,
  multiplier: 2,
};

/** The delay before retry number `attempt` (1 for the first retry): uniform in [0, bound), "full jitter". */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const bound = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  return Math.floor(random() * bound);
}

export function shouldRetry(policy: RetryPolicy, error: LodeError, attempt: number): boolean {
  if (attempt >= policy.maxAttempts || error.code === "aborted") return false;
  return policy.shouldRetry ? policy.shouldRetry(error, attempt) : error.retryable;
}

/**
 * What follows attempt `attempt` failing with `error`: the error as a LodeError and the delay before the
 * next attempt, or the LodeError thrown when the policy gives up or the run was aborted. Every retried
 * call (model steps, tool guardrails' checks) goes through here.
 */
export function planRetry(
  policy: RetryPolicy,
  error: unknown,
  attempt: number,
  signal: AbortSignal,
): { error: LodeError; delayMs: number } {
  const classified = classifyAwsError(error);
  if (signal.aborted || !shouldRetry(policy, classified, attempt)) throw classified;
  return { error: classified, delayMs: backoffDelay(policy, attempt) };
}

/** Waits `ms`, or rejects with an `aborted` LodeError as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new LodeError("aborted", "The run was aborted."));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LodeError("aborted", "The run was aborted."));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
