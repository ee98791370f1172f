import type { ConverseStreamTrace } from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailIntervention } from "./guardrail-intervention.js";

/**
 * Reads a guardrail intervention from the stop reason, and which side it blocked from the trace when
 * there is one: input assessments that intervened mean the input was blocked, else the output.
 */
export function detectGuardrailIntervention(
  stopReason: string,
  trace: ConverseStreamTrace | undefined,
): GuardrailIntervention | undefined {
  if (stopReason !== "guardrail_intervened" && stopReason !== "content_filtered") return undefined;
  const assessment = trace?.guardrail;
  const inputIntervened = Object.values(assessment?.inputAssessment ?? {}).some((item) => hasDetection(item));
  const outputIntervened = (
    assessment?.outputAssessments ? Object.values(assessment.outputAssessments).flat() : []
  ).some((item) => hasDetection(item));
  return {
    side: inputIntervened ? "input" : outputIntervened ? "output" : "unknown",
    stopReason,
    trace: assessment,
  };
}

/** Whether an assessment found anything (any policy with a non-empty list of findings). */
function hasDetection(assessment: unknown): boolean {
  if (!assessment || typeof assessment !== "object") return false;
  return Object.values(assessment).some((policy) =>
    policy && typeof policy === "object"
      ? Object.values(policy).some((findings) => Array.isArray(findings) && findings.length > 0)
      : false,
  );
}
