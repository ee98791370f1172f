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
  steps: readonly ToolMiddleware[],
  last: AnswerToolCall,
): AnswerToolCall {
  const dispatch = (index: number, call: ToolCall): Promise<ToolCallOutcome> => {
    const step = steps[index];
    if (!step) return settle(call, () => last(call));
    let nextCalled = false;
    return settle(call, () =>
      step(call, (passed = call) => {
        if (nextCalled) return Promise.reject(new Error("a tool middleware called next() twice"));
        nextCalled = true;
        return dispatch(index + 1, passed);
      }),
    );
  };
  return (call) => dispatch(0, call);
}

async function settle(call: ToolCall, work: () => Promise<ToolCallOutcome>): Promise<ToolCallOutcome> {
  try {
    const outcome = await work();
    if (isToolCallOutcome(outcome)) return outcome;
    return errorOutcome(`Tool "${call.toolName}" failed: a step of its pipeline returned no result.`);
  } catch (error) {
    return errorOutcome(`Tool "${call.toolName}" failed: ${describeError(error)}`);
  }
}
