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
  return dispatch.bind(undefined, { steps, last }, 0, undefined);
}

/** What a composed pipeline runs: its steps, then its last. */
interface Pipeline {
  steps: readonly (ToolMiddleware | TrustedStep)[];
  last: AnswerToolCall | TrustedStep<AnswerToolCall>;
}

/**
 * Runs the pipeline from step `index` on `passed` (else `call`, what the step before was given). Module
 * functions, bound where a `next` is needed, not closures made per call (why: the root README, "Speed").
 */
function dispatch(
  pipeline: Pipeline,
  index: number,
  call: ToolCall | undefined,
  passed: ToolCall | undefined,
): Promise<ToolCallOutcome> {
  const current = (passed ?? call) as ToolCall;
  const step = pipeline.steps[index];
  if (!step) {
    const { last } = pipeline;
    return typeof last === "function" ? settle(current, last) : last.trusted(current);
  }
  // Lode's own steps call `next` once by construction; a user's middleware is held to it.
  if (typeof step !== "function")
    return step.trusted(current, dispatch.bind(undefined, pipeline, index + 1, current));
  const guard = { pipeline, index: index + 1, call: current, called: false };
  return settle(current, (checked) => step(checked, nextOnce.bind(undefined, guard)));
}

/** The `next` a user's middleware is given: a second call is refused (it would answer the call twice). */
function nextOnce(
  guard: { pipeline: Pipeline; index: number; call: ToolCall; called: boolean },
  passed?: ToolCall,
): Promise<ToolCallOutcome> {
  if (guard.called) return Promise.reject(new Error("a tool middleware called next() twice"));
  guard.called = true;
  return dispatch(guard.pipeline, guard.index, guard.call, passed);
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
 * `work(call)`'s outcome, checked, with whatever it throws (synchronously or not) turned into an error
 * result. Not an async function: one `then` per step instead of an async frame and its awaits.
 */
function settle(
  call: ToolCall,
  work: (call: ToolCall) => Promise<ToolCallOutcome>,
): Promise<ToolCallOutcome> {
  let pending: Promise<ToolCallOutcome>;
  try {
    pending = work(call);
  } catch (error) {
    return Promise.resolve(failedOutcome(call, error));
  }
  return Promise.resolve(pending).then(
    checkedOutcome.bind(undefined, call),
    failedOutcome.bind(undefined, call),
  );
}

function checkedOutcome(call: ToolCall, outcome: unknown): ToolCallOutcome {
  return isToolCallOutcome(outcome)
    ? outcome
    : errorOutcome(`Tool "${call.toolName}" failed: a step of its pipeline returned no result.`);
}

function failedOutcome(call: ToolCall, error: unknown): ToolCallOutcome {
  return errorOutcome(`Tool "${call.toolName}" failed: ${describeError(error)}`);
}
