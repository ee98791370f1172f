import type { ToolCall, ToolCallOutcome, ToolMiddleware } from "../contracts/tool-call.js";
import { describeError } from "../errors/describe-error.js";
import { errorOutcome, isToolCallOutcome } from "./tool-outcome.js";

/** Answers one tool call: the whole pipeline as one function. */
export type AnswerToolCall = (call: ToolCall) => Promise<ToolCallOutcome>;

/**
 * Chains `steps` in order in front of `last`, each a `(call, next) => outcome`. At every step boundary
 * whatever goes wrong becomes the call's error result: a step that throws (synchronously or not), returns
 * something that is not an outcome, or calls `next` twice. So nothing a tool or a step does can leave a
 * `toolUse` unanswered.
 */
export function composeToolMiddleware(
  steps: readonly (ToolMiddleware | TrustedStep)[],
  last: AnswerToolCall | TrustedStep<AnswerToolCall>,
): AnswerToolCall {
  const dispatch = (index: number, call: ToolCall): Promise<ToolCallOutcome> => {
    const step = steps[index];
    if (!step) return typeof last === "function" ? settle(call, () => last(call)) : last.trusted(call);
    let nextCalled = false;
    const next = (passed = call) => {
      if (nextCalled) return Promise.reject(new Error("a tool middleware called next() twice"));
      nextCalled = true;
      return dispatch(index + 1, passed);
    };
    return typeof step === "function" ? settle(call, () => step(call, next)) : step.trusted(call, next);
  };
  return (call) => dispatch(0, call);
}

/**
 * One of Lode's own steps, which answers every failure itself (it never throws, and always resolves to an
 * outcome): the pipeline runs it without a guard around it, sparing every call a `then` per step.
 */
export interface TrustedStep<S = ToolMiddleware> {
  readonly trusted: S;
}

/** Marks one of Lode's own steps as needing no guard (see {@link TrustedStep}). */
export function trustedStep<S extends ToolMiddleware | AnswerToolCall>(step: S): TrustedStep<S> {
  return { trusted: step };
}

/**
 * `work`'s outcome, checked, with whatever it throws (synchronously or not) turned into an error result.
 * Not an async function: one `then` per step instead of an async frame and its awaits, on every call.
 */
function settle(call: ToolCall, work: () => Promise<ToolCallOutcome>): Promise<ToolCallOutcome> {
  const failed = (error: unknown) => errorOutcome(`Tool "${call.toolName}" failed: ${describeError(error)}`);
  let pending: Promise<ToolCallOutcome>;
  try {
    pending = work();
  } catch (error) {
    return Promise.resolve(failed(error));
  }
  return Promise.resolve(pending).then(
    (outcome) =>
      isToolCallOutcome(outcome)
        ? outcome
        : errorOutcome(`Tool "${call.toolName}" failed: a step of its pipeline returned no result.`),
    failed,
  );
}
