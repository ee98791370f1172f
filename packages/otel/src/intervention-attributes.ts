import type { GuardrailIntervention } from "@lode/core";
import type { Attributes } from "@opentelemetry/api";

/**
 * A guardrail intervention as a span event's attributes: what Bedrock's trace said (side, action, the
 * policies and each finding's kind), never the text that matched.
 */
export function interventionAttributes(intervention: GuardrailIntervention): Attributes {
  const attributes: Attributes = {
    "aws.bedrock.guardrail.side": intervention.side,
    "aws.bedrock.guardrail.action": intervention.action,
    "aws.bedrock.guardrail.policies": intervention.policies,
    "aws.bedrock.guardrail.findings": intervention.findings.map(findingName),
  };
  if (intervention.guardrailId) attributes["aws.bedrock.guardrail.id"] = intervention.guardrailId;
  if (intervention.guardrailVersion)
    attributes["aws.bedrock.guardrail.version"] = intervention.guardrailVersion;
  if (intervention.origin === "tool") attributes["lode.guardrail.check"] = intervention.check;
  if (intervention.origin === "model") {
    attributes["aws.bedrock.guardrail.basis"] = intervention.basis;
    attributes["lode.guardrail.redacted"] = intervention.redacted;
  }
  return attributes;
}

/** A finding as `policy:what:action`, e.g. `sensitive-information:EMAIL:masked`: low-cardinality, no match. */
function findingName(finding: GuardrailIntervention["findings"][number]): string {
  const what =
    finding.policy === "content" || finding.policy === "contextual-grounding"
      ? finding.type
      : finding.policy === "denied-topic"
        ? finding.name
        : finding.policy === "word"
          ? (finding.managedWordList ?? "custom")
          : finding.policy === "sensitive-information"
            ? finding.kind === "pii"
              ? finding.type
              : finding.name
            : finding.result;
  return `${finding.policy}:${what}:${finding.action}`;
}
