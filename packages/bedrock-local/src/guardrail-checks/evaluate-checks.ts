import type {
  GuardrailChecksContentFilterCategory,
  GuardrailChecksPromptAttackCategory,
  GuardrailChecksSensitiveInformationEntityType,
} from "@aws-sdk/client-bedrock-runtime";
import { detectPii } from "../guardrails/detect-pii.js";
import { CHARACTERS_PER_TEXT_UNIT } from "../guardrails/evaluate-guardrail.js";
import { findPhrase, findRegExp, type TextMatch } from "../guardrails/find-matches.js";
import type { GuardrailChecksScript, ScoredPhrases } from "./guardrail-checks-script.js";

/** An InvokeGuardrailChecks request, once its shape has been checked. */
export interface GuardrailChecksRequest {
  messages: { role: "user" | "assistant" | "system"; content: { text: string }[] }[];
  checks: {
    contentFilter?: { categories: { category: GuardrailChecksContentFilterCategory }[] };
    promptAttack?: { categories: { category: GuardrailChecksPromptAttackCategory }[] };
    sensitiveInformation?: { entities: { type: GuardrailChecksSensitiveInformationEntityType }[] };
  };
}

/** Bedrock reports at most this many entities, and says `truncated` when it found more. */
export const MAX_ENTITY_RESULTS = 100;
const DEFAULT_ENTITY_CONFIDENCE = 0.99;

/** Fixed patterns for entity types beyond `detectPii`'s, so results are deterministic. */
const EXTRA_DETECTORS: Partial<Record<GuardrailChecksSensitiveInformationEntityType, RegExp>> = {
  IP_ADDRESS: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g,
  URL: /\bhttps?:\/\/[^\s<>"']+/g,
  AWS_ACCESS_KEY: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  US_SOCIAL_SECURITY_NUMBER: /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g,
};
const PII_TYPES: readonly string[] = ["EMAIL", "PHONE", "CREDIT_DEBIT_CARD_NUMBER"];

/**
 * Runs the requested checks over every text of every message, as InvokeGuardrailChecks does, and answers
 * with its `results` and `usage`: a score for each requested category (the highest any rule of the script
 * gives, 0 when none matches), every sensitive entity found with where it is, and the text units each check
 * read (1,000 characters a unit, per text).
 */
export function evaluateChecks(request: GuardrailChecksRequest, script: GuardrailChecksScript) {
  const texts = request.messages.flatMap((message, messageIndex) =>
    message.content.map((block, contentIndex) => ({
      role: message.role,
      text: block.text,
      messageIndex,
      contentIndex,
    })),
  );
  const units = (read: typeof texts) =>
    read.reduce((sum, { text }) => sum + Math.ceil(text.length / CHARACTERS_PER_TEXT_UNIT), 0);
  const { contentFilter, promptAttack, sensitiveInformation } = request.checks;
  const results: Record<string, unknown> = {};
  const usage: Record<string, { textUnits: number }> = {};

  if (contentFilter) {
    results.contentFilter = { results: scores(contentFilter.categories, script.contentFilter, texts) };
    usage.contentFilter = { textUnits: units(texts) };
  }
  if (promptAttack) {
    const input = texts.filter((text) => text.role === "user");
    results.promptAttack = { results: scores(promptAttack.categories, script.promptAttack, input) };
    usage.promptAttack = { textUnits: units(input) };
  }
  if (sensitiveInformation) {
    const types = [...new Set(sensitiveInformation.entities.map((entity) => entity.type))];
    const confidenceScore = script.entityConfidence ?? DEFAULT_ENTITY_CONFIDENCE;
    const found = texts.flatMap(({ text, messageIndex, contentIndex }) =>
      findEntities(text, types, script).map(({ type, start, end }) => ({
        type,
        confidenceScore,
        beginOffset: start,
        endOffset: end,
        messageIndex,
        contentIndex,
      })),
    );
    results.sensitiveInformation = {
      results: found.slice(0, MAX_ENTITY_RESULTS),
      ...(found.length > MAX_ENTITY_RESULTS ? { truncated: true } : {}),
    };
    usage.sensitiveInformation = { textUnits: units(texts) };
  }
  return { results, usage };
}

/** Each requested category with the highest score the script's rules give `texts` in it. */
function scores<Category extends string>(
  requested: { category: Category }[],
  rules: ScoredPhrases<Category>[] | undefined,
  texts: { text: string }[],
): { category: Category; severityScore: number }[] {
  return requested.map(({ category }) => ({ category, severityScore: highestScore(rules, category, texts) }));
}

function highestScore<Category extends string>(
  rules: ScoredPhrases<Category>[] | undefined,
  category: Category,
  texts: { text: string }[],
): number {
  let score = 0;
  for (const rule of rules ?? []) {
    if (rule.category !== category || rule.score <= score) continue;
    if (texts.some(({ text }) => rule.phrases.some((phrase) => findPhrase(text, phrase).length > 0)))
      score = rule.score;
  }
  return score;
}

/** The entities of `types` in one text, in order of position; `end` is exclusive. */
function findEntities(
  text: string,
  types: GuardrailChecksSensitiveInformationEntityType[],
  script: GuardrailChecksScript,
): (TextMatch & { type: GuardrailChecksSensitiveInformationEntityType })[] {
  const pii = detectPii(
    text,
    types.filter((type): type is "EMAIL" | "PHONE" | "CREDIT_DEBIT_CARD_NUMBER" => PII_TYPES.includes(type)),
  );
  const found: (TextMatch & { type: GuardrailChecksSensitiveInformationEntityType })[] = [...pii];
  for (const type of types) {
    const patterns = (script.entityPatterns ?? [])
      .filter((entity) => entity.type === type)
      .map((entity) => new RegExp(entity.pattern, "g"));
    const builtIn = EXTRA_DETECTORS[type];
    for (const pattern of builtIn ? [new RegExp(builtIn), ...patterns] : patterns)
      for (const match of findRegExp(text, pattern))
        if (!found.some((other) => match.start < other.end && other.start < match.end))
          found.push({ ...match, type });
  }
  return found.sort((a, b) => a.start - b.start);
}
