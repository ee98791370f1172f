// How the loop reads a step's outcome: what it asks for, what the history keeps, why a run must fail.
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ModelGuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { LimitStopReason } from "../contracts/run-result.js";
import { LodeError } from "../errors/lode-error.js";
import { redactAssistantMessage } from "../guardrails/redact-history.js";
import type { ModelCallResult } from "../model/call-model-with-retry.js";

/** A step whose tool uses must be answered: the model asked for tools, or a guardrail only masked its text. */
export function asksForTools(
  outcome: ModelCallResult,
  intervention: ModelGuardrailIntervention | undefined,
): boolean {
  if (outcome.toolUses.length === 0) return false;
  return outcome.stopReason === "tool_use" || intervention?.action === "masked";
}

/**
 * The answer as the history keeps it: its placeholder when a guardrail's redaction applies; otherwise
 * without client tool uses, which a finished turn cannot answer (one cut off by `max_tokens`).
 */
export function answerToKeep(
  outcome: ModelCallResult,
  intervention: ModelGuardrailIntervention | undefined,
  redactOutput: string | undefined,
): Message {
  if (intervention?.redacted && intervention.side === "output" && redactOutput)
    return redactAssistantMessage(redactOutput);
  return {
    role: "assistant",
    content: (outcome.message.content ?? []).filter(
      (block) => !block.toolUse || block.toolUse.type === "server_tool_use",
    ),
  };
}

export function contextOverflow(outcome: ModelCallResult): LodeError {
  return new LodeError("context-overflow", "The conversation no longer fits the model's context window.", {
    requestId: outcome.requestId,
  });
}

/** A run that must produce structured output, ended by a limit or a cut-off answer before it did. */
export function outputCutShort(reason: LimitStopReason | "max_tokens"): LodeError {
  const code =
    reason === "max_tokens"
      ? "max-tokens"
      : reason === "max_total_tokens"
        ? "token-limit"
        : reason === "time_limit"
          ? "timeout"
          : "step-limit";
  return new LodeError(code, `The run ended (${reason}) before the model gave its structured output.`);
}

export function outputBlocked(intervention: ModelGuardrailIntervention): LodeError {
  return new LodeError(
    "guardrail-blocked",
    `A guardrail intervened (${intervention.side}) before the model gave its structured output.`,
  );
}
