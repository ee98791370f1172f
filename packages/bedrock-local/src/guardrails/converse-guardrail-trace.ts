import type { JsonObject } from "../models/model-turn.js";
import type { ConverseGuardrail } from "./converse-guardrail.js";
import type { GuardrailEvaluation } from "./evaluate-guardrail.js";

export interface ConverseGuardrailTraceParts {
  guardrail: ConverseGuardrail;
  input: GuardrailEvaluation;
  /** Absent when the input was blocked: the model never answered. */
  output?: GuardrailEvaluation;
  /** The model's answer before the guardrail changed it (only when it did). */
  modelOutput?: string[];
}

/**
 * Converse's `trace` (ConverseStream's `metadata.trace`) for a guardrail, or undefined when the request's
 * trace setting is `disabled`. The shape is Bedrock's `GuardrailTraceAssessment`: `actionReason` (the input's
 * reason, then the output's, one per line, as in "No action.\nGuardrail masked."), `inputAssessment` and
 * `outputAssessments` keyed by guardrail id, and `modelOutput`. See the recordings
 * `converse.guardrail-intervened.trace.nova-lite.json` and
 * `converse-stream.guardrail-intervened.trace.nova-lite.json`.
 */
export function converseGuardrailTrace(parts: ConverseGuardrailTraceParts): JsonObject | undefined {
  const { guardrail, input, output, modelOutput } = parts;
  if (guardrail.trace === "disabled") return undefined;
  const id = guardrail.definition.id;
  return {
    guardrail: {
      actionReason: [input, ...(output ? [output] : [])].map((part) => part.actionReason).join("\n"),
      inputAssessment: { [id]: input.assessments[0] },
      ...(modelOutput ? { modelOutput } : {}),
      ...(output ? { outputAssessments: { [id]: output.assessments } } : {}),
    },
  };
}
