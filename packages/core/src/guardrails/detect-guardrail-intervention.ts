import type { GuardrailTraceAssessment, Message } from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailVerdict, ModelGuardrailIntervention } from "../contracts/guardrail-intervention.js";
import { verdictOf } from "./read-assessments.js";

/** What a model call said about a guardrail: everything `detectGuardrailIntervention` reads. */
export interface ModelCallOutcome {
  /** The call's stop reason. */
  stopReason: string;
  /** Converse's `trace.guardrail` (ConverseStream's `metadata.trace.guardrail`), when the trace was on. */
  trace?: GuardrailTraceAssessment;
  /** The assistant message as received: used to infer the side when there is no trace. */
  message?: Message;
  /** The call's output tokens: used to infer the side when there is no trace. */
  outputTokens?: number;
}

/**
 * Reads a guardrail intervention from a model call: `undefined` unless the stop reason is
 * `guardrail_intervened` or `content_filtered`. Side, action and findings come from the trace when it has
 * findings; otherwise the side is inferred (see {@link ModelGuardrailIntervention}).
 */
export function detectGuardrailIntervention(
  outcome: ModelCallOutcome,
): ModelGuardrailIntervention | undefined {
  const { stopReason, trace } = outcome;
  if (!isGuardrailStopReason(stopReason)) return undefined;
  const input = verdictOf(Object.values(trace?.inputAssessment ?? {}).filter(Boolean));
  const output = verdictOf(
    Object.values(trace?.outputAssessments ?? {})
      .flat()
      .filter(Boolean),
  );
  const base = { origin: "model" as const, stopReason, trace: withoutModelOutput(trace), redacted: false };
  // A blocked input never reached the model; otherwise the output's findings are why the answer changed.
  const fromTrace: [ModelGuardrailIntervention["side"], GuardrailVerdict] | undefined =
    input.action === "blocked"
      ? ["input", input]
      : output.action !== "unknown"
        ? ["output", output]
        : input.action === "masked"
          ? ["input", input]
          : undefined;
  if (fromTrace) return { ...base, side: fromTrace[0], basis: "trace", ...fromTrace[1] };
  const side = looksLikeBlockedInput(outcome) ? "input" : "output";
  return {
    ...base,
    side,
    basis: "inferred",
    // Only a blocked input gives an answer the model never wrote; an output may have been blocked or masked.
    action: side === "input" ? "blocked" : "unknown",
    policies: [],
    findings: [],
  };
}

/** The trace without the model's answer as it was before the guardrail blocked or masked it. */
function withoutModelOutput(
  trace: GuardrailTraceAssessment | undefined,
): GuardrailTraceAssessment | undefined {
  if (!trace?.modelOutput) return trace;
  const { modelOutput: _removed, ...rest } = trace;
  return rest;
}

function isGuardrailStopReason(stopReason: string): stopReason is ModelGuardrailIntervention["stopReason"] {
  return stopReason === "guardrail_intervened" || stopReason === "content_filtered";
}

/**
 * A blocked input never reaches the model: the answer is the guardrail's message alone (one text block at
 * most, no tool use or reasoning) and the model wrote no token. A blocked or masked output still cost the
 * model's output tokens.
 */
function looksLikeBlockedInput(outcome: ModelCallOutcome): boolean {
  const content = outcome.message?.content ?? [];
  const onlyMessage = content.length <= 1 && content.every((block) => block.text !== undefined);
  return onlyMessage && (outcome.outputTokens ?? 0) === 0;
}
