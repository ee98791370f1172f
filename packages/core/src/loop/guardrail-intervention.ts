import type { GuardrailTraceAssessment } from "@aws-sdk/client-bedrock-runtime";

/**
 * A guardrail's intervention in a run. `side` says whether the user's input or the model's output was
 * blocked; `trace` holds Bedrock's assessment when the guardrail's trace was on.
 */
export interface GuardrailIntervention {
  side: "input" | "output" | "unknown";
  stopReason: "guardrail_intervened" | "content_filtered";
  trace: GuardrailTraceAssessment | undefined;
}
