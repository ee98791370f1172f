import type {
  GuardrailChecksContentFilterCategory,
  GuardrailChecksPromptAttackCategory,
  GuardrailChecksSensitiveInformationEntityType,
} from "@aws-sdk/client-bedrock-runtime";

/** A score given to texts that contain one of `phrases` (case-insensitive, whole words). */
export interface ScoredPhrases<Category extends string> {
  category: Category;
  phrases: string[];
  /** Between 0 and 1. */
  score: number;
}

/** A pattern that finds one entity type bedrock-local has no detector of its own for. */
export interface EntityPattern {
  type: GuardrailChecksSensitiveInformationEntityType;
  /** A JavaScript regular expression source, without slashes or flags. */
  pattern: string;
}

/**
 * What InvokeGuardrailChecks answers, scripted: Bedrock scores content with models, bedrock-local with
 * these rules, so a test knows the score it will get. A category no rule matches scores 0.
 */
export interface GuardrailChecksScript {
  /** Severity scores per content-filter category, for texts in any message. */
  contentFilter?: ScoredPhrases<GuardrailChecksContentFilterCategory>[];
  /** Severity scores per prompt-attack category, for texts in user messages (attacks come from input). */
  promptAttack?: ScoredPhrases<GuardrailChecksPromptAttackCategory>[];
  /**
   * Patterns for entity types beyond the built-in detectors (EMAIL, PHONE, CREDIT_DEBIT_CARD_NUMBER,
   * IP_ADDRESS, URL, AWS_ACCESS_KEY, US_SOCIAL_SECURITY_NUMBER); a type with neither is never found.
   */
  entityPatterns?: EntityPattern[];
  /** The confidence reported for every entity found. @default 0.99 */
  entityConfidence?: number;
}

/** Thrown when a guardrail-checks script is malformed; the message names the offending field. */
export class GuardrailChecksScriptError extends Error {
  override readonly name = "GuardrailChecksScriptError";
}

/** Checks a script when the server starts, so a bad score or pattern fails there, not mid-test. */
export function checkGuardrailChecksScript(script: GuardrailChecksScript): void {
  for (const key of ["contentFilter", "promptAttack"] as const) {
    for (const [index, rule] of (script[key] ?? []).entries()) {
      const at = `guardrailChecks.${key}[${index}]`;
      if (typeof rule.category !== "string") fail(`${at}.category must be a string`);
      if (
        !Array.isArray(rule.phrases) ||
        rule.phrases.some((phrase) => typeof phrase !== "string" || !phrase.trim())
      )
        fail(`${at}.phrases must be a list of non-blank strings`);
      if (!isScore(rule.score)) fail(`${at}.score must be a number from 0 to 1`);
    }
  }
  for (const [index, entity] of (script.entityPatterns ?? []).entries()) {
    try {
      new RegExp(entity.pattern, "g");
    } catch (error) {
      fail(
        `guardrailChecks.entityPatterns[${index}].pattern is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
  if (script.entityConfidence !== undefined && !isScore(script.entityConfidence))
    fail("guardrailChecks.entityConfidence must be a number from 0 to 1");
}

function isScore(value: unknown): boolean {
  return typeof value === "number" && value >= 0 && value <= 1;
}

function fail(message: string): never {
  throw new GuardrailChecksScriptError(message);
}
