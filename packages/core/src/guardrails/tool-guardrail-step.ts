import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ToolMiddleware } from "../contracts/tool-call.js";
import { issuesText } from "../tools/steps/validate-input.js";
import { errorOutcome } from "../tools/tool-outcome.js";
import {
  type GuardedToolCall,
  guardToolInput,
  guardToolOutput,
  type ToolCallGuard,
  toolGuardrailFor,
} from "./guard-tool-call.js";

/**
 * The tool guardrail as a step of the tool-call pipeline: ApplyGuardrail on the call's input before the
 * rest runs (blocked: an error result instead; masked: the masked input, checked against the schema
 * again), and on the result the rest produced (blocked: an error result; masked: the masked result).
 * Interventions and retries of the check are reported through `emit`.
 */
export function toolGuardrailStep(
  guard: ToolCallGuard,
  emit: (event: UnstampedEvent) => void,
): ToolMiddleware {
  return async (call, next) => {
    const tool = call.tool;
    const guardrail = tool ? toolGuardrailFor(tool, guard) : undefined;
    if (!tool || !guardrail) return next();
    const guarded: GuardedToolCall = { guard, guardrail, tool, toolUseId: call.toolUseId, onRetry: emit };
    let input = call.input;
    if (guardrail.input && !call.signal.aborted) {
      const checked = await guardToolInput(guarded, input);
      if (checked.intervention) emit({ type: "guardrail", intervention: checked.intervention });
      if (checked.refusal !== undefined) return errorOutcome(checked.refusal);
      if (checked.intervention) {
        const validated = tool.validate(checked.input);
        if (!validated.success) {
          return errorOutcome(
            `Tool "${tool.name}" was not run: its input, as a guardrail masked it, is invalid: ${issuesText(validated.issues)}.`,
          );
        }
        input = validated.value;
      }
    }
    const outcome = await next(input === call.input ? call : { ...call, input });
    if (!guardrail.output || call.signal.aborted || outcome.status === "pending") return outcome;
    const { intervention, ...checked } = await guardToolOutput(guarded, outcome);
    if (intervention) emit({ type: "guardrail", intervention });
    return checked;
  };
}
