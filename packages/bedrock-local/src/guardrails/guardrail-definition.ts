/** The PII types bedrock-local can detect (a subset of Bedrock's), each by a deterministic pattern. */
export type PiiEntityType = "EMAIL" | "PHONE" | "CREDIT_DEBIT_CARD_NUMBER";

/** What a sensitive-information filter does with a match: refuse the whole text, or mask the match. */
export type SensitiveInformationAction = "BLOCK" | "ANONYMIZE";

/** A denied topic. Bedrock classifies topics with a model; bedrock-local detects one by its keywords. */
export interface DeniedTopic {
  /** Reported as the topic's `name` in assessments. */
  name: string;
  /** What the topic covers, as in a Bedrock guardrail; informational only here. */
  definition?: string;
  /** Words or phrases whose presence (case-insensitive, whole words) means the text is on this topic. */
  keywords: string[];
}

/** A custom regular expression filter. A masked match is replaced with `{name}`, as Bedrock does. */
export interface RegexFilter {
  name: string;
  /** A JavaScript regular expression source, without slashes or flags. */
  pattern: string;
  action: SensitiveInformationAction;
}

/** A PII filter. A masked match is replaced with `{TYPE}`, e.g. `{EMAIL}`. */
export interface PiiEntityFilter {
  type: PiiEntityType;
  action: SensitiveInformationAction;
}

/** A guardrail bedrock-local serves through ApplyGuardrail and the Converse operations' `guardrailConfig`. */
export interface GuardrailDefinition {
  /** The guardrail identifier clients send (its ARN is accepted too). */
  id: string;
  /** Versions that exist. @default ["DRAFT", "1"] */
  versions?: string[];
  /** The text that replaces blocked input. @default "Sorry, the model cannot answer this question." */
  blockedInputMessaging?: string;
  /** The text that replaces a blocked model answer. @default "Sorry, the model cannot answer this question." */
  blockedOutputsMessaging?: string;
  deniedTopics?: DeniedTopic[];
  /** Blocked words or phrases, matched case-insensitively as whole words. */
  words?: string[];
  regexes?: RegexFilter[];
  piiEntities?: PiiEntityFilter[];
}

/** Bedrock's console default for both blocked messages. */
export const DEFAULT_BLOCKED_MESSAGING = "Sorry, the model cannot answer this question.";
export const DEFAULT_GUARDRAIL_VERSIONS = ["DRAFT", "1"];

const PII_ENTITY_TYPES: readonly string[] = ["EMAIL", "PHONE", "CREDIT_DEBIT_CARD_NUMBER"];
const ACTIONS: readonly string[] = ["BLOCK", "ANONYMIZE"];

/** Thrown when a guardrail definition is malformed; the message names the offending field. */
export class GuardrailDefinitionError extends Error {
  override readonly name = "GuardrailDefinitionError";
}

/**
 * Checks a definition when the server starts, so a typo in a pattern or action fails there and not as a
 * puzzling answer in the middle of a test.
 */
export function checkGuardrailDefinition(definition: GuardrailDefinition): void {
  const at = `guardrail ${JSON.stringify(definition.id)}`;
  if (typeof definition.id !== "string" || definition.id.length === 0)
    fail(`guardrail id must be a non-empty string`);
  for (const [index, topic] of (definition.deniedTopics ?? []).entries()) {
    if (typeof topic.name !== "string" || topic.name.length === 0)
      fail(`${at}: deniedTopics[${index}].name must be a non-empty string`);
    if (!Array.isArray(topic.keywords) || topic.keywords.some((keyword) => !nonBlank(keyword)))
      fail(`${at}: deniedTopics[${index}].keywords must be a list of non-blank strings`);
  }
  if ((definition.words ?? []).some((word) => !nonBlank(word)))
    fail(`${at}: words must be non-blank strings`);
  for (const [index, regex] of (definition.regexes ?? []).entries()) {
    if (!nonBlank(regex.name)) fail(`${at}: regexes[${index}].name must be a non-blank string`);
    if (!ACTIONS.includes(regex.action)) fail(`${at}: regexes[${index}].action must be BLOCK or ANONYMIZE`);
    try {
      new RegExp(regex.pattern, "g");
    } catch (error) {
      fail(
        `${at}: regexes[${index}].pattern is not a valid regular expression (${(error as Error).message})`,
      );
    }
  }
  for (const [index, entity] of (definition.piiEntities ?? []).entries()) {
    if (!PII_ENTITY_TYPES.includes(entity.type))
      fail(`${at}: piiEntities[${index}].type must be one of ${PII_ENTITY_TYPES.join(", ")}`);
    if (!ACTIONS.includes(entity.action))
      fail(`${at}: piiEntities[${index}].action must be BLOCK or ANONYMIZE`);
  }
}

function nonBlank(value: unknown): boolean {
  return typeof value === "string" && value.trim().length > 0;
}

function fail(message: string): never {
  throw new GuardrailDefinitionError(message);
}
