import type { GuardrailAssessment } from "@aws-sdk/client-bedrock-runtime";
import type {
  GuardrailFinding,
  GuardrailFindingAction,
  GuardrailPolicy,
  GuardrailVerdict,
} from "../contracts/guardrail-intervention.js";

/**
 * What guardrail assessments (ApplyGuardrail's `assessments`, or one side of a Converse trace) found.
 * A check reported with action `NONE` and not `detected` (as `outputScope: "FULL"` and contextual grounding
 * list every check) is not a finding.
 */
export function verdictOf(assessments: readonly GuardrailAssessment[]): GuardrailVerdict {
  const findings = assessments.flatMap(findingsOf);
  const policies = [...new Set(findings.map((finding) => finding.policy))] as GuardrailPolicy[];
  const action = findings.some((finding) => finding.action === "blocked")
    ? "blocked"
    : findings.some((finding) => finding.action === "masked")
      ? "masked"
      : "unknown";
  return { action, policies, findings };
}

/** The findings of one assessment, policy by policy in Bedrock's order. */
function findingsOf(assessment: GuardrailAssessment): GuardrailFinding[] {
  const findings: GuardrailFinding[] = [];
  const add = (
    check: { action?: string; detected?: boolean },
    make: (action: GuardrailFindingAction) => GuardrailFinding,
  ) => {
    const action = findingAction(check);
    if (action) findings.push(make(action));
  };
  for (const filter of assessment.contentPolicy?.filters ?? []) {
    add(filter, (action) => ({
      policy: "content",
      type: filter.type ?? "",
      ...(filter.confidence ? { confidence: filter.confidence } : {}),
      action,
    }));
  }
  for (const topic of assessment.topicPolicy?.topics ?? []) {
    add(topic, (action) => ({ policy: "denied-topic", name: topic.name ?? "", action }));
  }
  for (const word of assessment.wordPolicy?.customWords ?? []) {
    add(word, (action) => ({ policy: "word", match: word.match ?? "", action }));
  }
  for (const word of assessment.wordPolicy?.managedWordLists ?? []) {
    add(word, (action) => ({
      policy: "word",
      match: word.match ?? "",
      managedWordList: word.type ?? "",
      action,
    }));
  }
  for (const entity of assessment.sensitiveInformationPolicy?.piiEntities ?? []) {
    add(entity, (action) => ({
      policy: "sensitive-information",
      kind: "pii",
      type: entity.type ?? "",
      match: entity.match ?? "",
      action,
    }));
  }
  for (const regex of assessment.sensitiveInformationPolicy?.regexes ?? []) {
    add(regex, (action) => ({
      policy: "sensitive-information",
      kind: "regex",
      name: regex.name ?? "",
      match: regex.match ?? "",
      action,
    }));
  }
  for (const filter of assessment.contextualGroundingPolicy?.filters ?? []) {
    add(filter, (action) => ({
      policy: "contextual-grounding",
      type: filter.type ?? "",
      ...(filter.score !== undefined ? { score: filter.score } : {}),
      ...(filter.threshold !== undefined ? { threshold: filter.threshold } : {}),
      action,
    }));
  }
  for (const finding of assessment.automatedReasoningPolicy?.findings ?? []) {
    // Each finding is a union with one member set; a `valid` one found nothing wrong.
    const result = Object.keys(finding).find((key) => key !== "$unknown" && key !== "valid");
    if (result) findings.push({ policy: "automated-reasoning", result, action: "detected" });
  }
  return findings;
}

function findingAction(check: { action?: string; detected?: boolean }): GuardrailFindingAction | undefined {
  if (check.action === "BLOCKED") return "blocked";
  if (check.action === "ANONYMIZED") return "masked";
  return check.detected === true ? "detected" : undefined;
}
