/*
 * The shapes Bedrock reports a guardrail's findings in, field for field as they travel on the wire
 * (ApplyGuardrail's `assessments`, Converse's `trace.guardrail`). See the recordings
 * `apply-guardrail.intervened.json` and `converse.guardrail-intervened.trace.nova-lite.json`.
 * `null` appears where Bedrock sends an explicit null under `outputScope: "FULL"`.
 */

export interface GuardrailTopicFinding {
  name: string;
  type: "DENY";
  action: "BLOCKED" | "NONE";
  detected: boolean;
}

export interface GuardrailCustomWordFinding {
  match: string;
  action: "BLOCKED";
  detected: boolean;
}

export interface GuardrailPiiFinding {
  match: string;
  type: string;
  action: "BLOCKED" | "ANONYMIZED" | "NONE";
  detected: boolean;
}

export interface GuardrailRegexFinding {
  name: string;
  match: string;
  regex: string;
  action: "BLOCKED" | "ANONYMIZED";
  detected: boolean;
}

export interface GuardrailUsage {
  topicPolicyUnits: number;
  contentPolicyUnits: number;
  wordPolicyUnits: number;
  sensitiveInformationPolicyUnits: number;
  sensitiveInformationPolicyFreeUnits: number;
  contextualGroundingPolicyUnits: number;
  contentPolicyImageUnits: number;
  automatedReasoningPolicyUnits: number;
  automatedReasoningPolicies: number;
}

export interface GuardrailCoverage {
  textCharacters: { guarded: number; total: number };
  images?: null;
}

export interface GuardrailInvocationMetrics {
  guardrailProcessingLatency: number;
  usage: GuardrailUsage;
  guardrailCoverage: GuardrailCoverage;
}

/** One guardrail's assessment of the content. Policies with nothing to report are left out (or null under FULL). */
export interface GuardrailAssessment {
  topicPolicy?: { topics: GuardrailTopicFinding[] } | null;
  contentPolicy?: null;
  wordPolicy?: { customWords: GuardrailCustomWordFinding[] } | null;
  sensitiveInformationPolicy?: {
    piiEntities?: GuardrailPiiFinding[] | null;
    regexes?: GuardrailRegexFinding[] | null;
  } | null;
  contextualGroundingPolicy?: null;
  automatedReasoningPolicy?: null;
  invocationMetrics: GuardrailInvocationMetrics;
  /** ApplyGuardrail adds this; Converse traces do not carry it. */
  appliedGuardrailDetails?: {
    guardrailId: string;
    guardrailVersion: string;
    guardrailArn: string;
    guardrailOrigin: string[];
    guardrailOwnership: string;
  };
}
