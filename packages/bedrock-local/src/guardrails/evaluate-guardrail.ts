import { collectFindings, type Findings, maskText } from "./collect-findings.js";
import type {
  GuardrailAssessment,
  GuardrailCoverage,
  GuardrailPiiFinding,
  GuardrailUsage,
} from "./guardrail-assessment.js";
import { DEFAULT_BLOCKED_MESSAGING, type GuardrailDefinition } from "./guardrail-definition.js";

/** Whether the content is the user's input or the model's answer: it picks the blocked message. */
export type GuardrailSource = "INPUT" | "OUTPUT";

/** `INTERVENTIONS` reports what was found; `FULL` also what was checked and not found. */
export type GuardrailOutputScope = "INTERVENTIONS" | "FULL";

/**
 * One piece of content. With qualifiers (ApplyGuardrail's `qualifiers`, Converse's `guardContent`) only
 * text qualified `guard_content` is checked: `query` and `grounding_source` are context for grounding.
 */
export type GuardrailText = string | { text: string; qualifiers?: readonly string[] };

export interface GuardrailEvaluation {
  action: "NONE" | "GUARDRAIL_INTERVENED";
  actionReason: "No action." | "Guardrail blocked." | "Guardrail masked.";
  /** True when a filter blocked: the content is to be replaced by the blocked message. */
  blocked: boolean;
  /** ApplyGuardrail's `outputs`: none when nothing happened, the blocked message, or the masked texts. */
  outputs: { text: string }[];
  /** Every input text with its anonymized matches replaced by placeholders such as `{EMAIL}`. */
  masked: string[];
  /** One assessment: this guardrail's. */
  assessments: GuardrailAssessment[];
  usage: GuardrailUsage;
  guardrailCoverage: GuardrailCoverage;
}

export interface EvaluateGuardrailOptions {
  /** @default "INTERVENTIONS" */
  outputScope?: GuardrailOutputScope;
}

/** Bedrock bills guardrails in text units of up to 1,000 characters, per policy evaluated. */
export const CHARACTERS_PER_TEXT_UNIT = 1000;

/**
 * Applies a guardrail to content the way Bedrock's ApplyGuardrail does: any blocking finding (a denied
 * topic, a blocked word, a BLOCK PII type or regex) replaces the content with the blocked message;
 * otherwise ANONYMIZE findings mask their matches. Pure: no I/O, no HTTP, so Converse reuses it.
 */
export function evaluateGuardrail(
  definition: GuardrailDefinition,
  texts: readonly GuardrailText[],
  source: GuardrailSource,
  options: EvaluateGuardrailOptions = {},
): GuardrailEvaluation {
  const startedAt = performance.now();
  const pieces = texts.map((item) => {
    const { text, qualifiers } = typeof item === "string" ? { text: item, qualifiers: undefined } : item;
    return { text, guarded: !qualifiers?.length || qualifiers.includes("guard_content") };
  });
  const findings = collectFindings(definition, pieces);
  const masked = pieces.map((piece, index) => maskText(piece.text, findings.maskSpans[index] ?? []));

  const blocked =
    findings.topics.size > 0 ||
    findings.words.length > 0 ||
    [...findings.piiEntities, ...findings.regexes].some((finding) => finding.action === "BLOCKED");
  const anonymized = findings.maskSpans.some((spans) => spans.length > 0);
  const blockedMessage =
    (source === "INPUT" ? definition.blockedInputMessaging : definition.blockedOutputsMessaging) ??
    DEFAULT_BLOCKED_MESSAGING;

  const guarded = pieces.filter((piece) => piece.guarded).reduce((sum, piece) => sum + piece.text.length, 0);
  const total = pieces.reduce((sum, piece) => sum + piece.text.length, 0);
  const full = options.outputScope === "FULL";
  const guardrailCoverage: GuardrailCoverage = {
    textCharacters: { guarded, total },
    ...(full ? { images: null } : {}),
  };
  const usage = usageFor(definition, guarded);
  const assessment: GuardrailAssessment = {
    ...policyAssessments(definition, findings, full),
    invocationMetrics: {
      guardrailProcessingLatency: Math.round(performance.now() - startedAt),
      usage,
      guardrailCoverage,
    },
  };

  const intervened = blocked || anonymized;
  return {
    action: intervened ? "GUARDRAIL_INTERVENED" : "NONE",
    actionReason: blocked ? "Guardrail blocked." : anonymized ? "Guardrail masked." : "No action.",
    blocked,
    outputs: blocked ? [{ text: blockedMessage }] : anonymized ? masked.map((text) => ({ text })) : [],
    masked,
    assessments: [assessment],
    usage,
    guardrailCoverage,
  };
}

/** The policy parts of the assessment. FULL lists checked-but-clean topics and PII types and sends nulls, as Bedrock does. */
function policyAssessments(
  definition: GuardrailDefinition,
  findings: Findings,
  full: boolean,
): Omit<GuardrailAssessment, "invocationMetrics"> {
  const topics = (definition.deniedTopics ?? [])
    .map((topic) => ({ name: topic.name, detected: findings.topics.has(topic.name) }))
    .filter((topic) => full || topic.detected)
    .map(({ name, detected }) => ({
      name,
      type: "DENY" as const,
      action: detected ? ("BLOCKED" as const) : ("NONE" as const),
      detected,
    }));
  const piiEntities: GuardrailPiiFinding[] = [...findings.piiEntities];
  if (full) {
    for (const entity of definition.piiEntities ?? []) {
      if (!piiEntities.some((found) => found.type === entity.type))
        piiEntities.push({ match: "", type: entity.type, action: "NONE", detected: false });
    }
  }
  // FULL does not extend to word filters or regexes (Bedrock's documented exception): found ones only.
  const sensitive = {
    ...(piiEntities.length ? { piiEntities } : full ? { piiEntities: null } : {}),
    ...(findings.regexes.length ? { regexes: findings.regexes } : full ? { regexes: null } : {}),
  };
  const hasSensitive = piiEntities.length > 0 || findings.regexes.length > 0;
  return {
    ...(full ? { automatedReasoningPolicy: null, contentPolicy: null, contextualGroundingPolicy: null } : {}),
    ...(hasSensitive
      ? { sensitiveInformationPolicy: sensitive }
      : full
        ? { sensitiveInformationPolicy: null }
        : {}),
    ...(topics.length ? { topicPolicy: { topics } } : full ? { topicPolicy: null } : {}),
    ...(findings.words.length
      ? { wordPolicy: { customWords: findings.words } }
      : full
        ? { wordPolicy: null }
        : {}),
  };
}

function usageFor(definition: GuardrailDefinition, guardedCharacters: number): GuardrailUsage {
  const units = Math.ceil(guardedCharacters / CHARACTERS_PER_TEXT_UNIT);
  const unitsIf = (configured: unknown[] | undefined) => (configured?.length ? units : 0);
  return {
    topicPolicyUnits: unitsIf(definition.deniedTopics),
    contentPolicyUnits: 0,
    wordPolicyUnits: unitsIf(definition.words),
    sensitiveInformationPolicyUnits: unitsIf(definition.piiEntities),
    // Bedrock does not charge for regex filters: their units are counted as free.
    sensitiveInformationPolicyFreeUnits: unitsIf(definition.regexes),
    contextualGroundingPolicyUnits: 0,
    contentPolicyImageUnits: 0,
    automatedReasoningPolicyUnits: 0,
    automatedReasoningPolicies: 0,
  };
}
