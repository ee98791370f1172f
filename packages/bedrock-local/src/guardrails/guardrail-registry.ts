import {
  checkGuardrailDefinition,
  DEFAULT_GUARDRAIL_VERSIONS,
  type GuardrailDefinition,
} from "./guardrail-definition.js";

export type {
  DeniedTopic,
  GuardrailDefinition,
  PiiEntityFilter,
  PiiEntityType,
  RegexFilter,
  SensitiveInformationAction,
} from "./guardrail-definition.js";

/**
 * What Bedrock answers when a guardrail id or version does not exist, the same words for both: a
 * `ResourceNotFoundException` from ApplyGuardrail, a `ValidationException` from Converse and ConverseStream.
 */
export const GUARDRAIL_NOT_FOUND_MESSAGE =
  "The guardrail identifier or version provided in the request does not exist.";

/** Guardrail definitions by id; each is checked when the registry is built. */
export class GuardrailRegistry {
  private readonly byId = new Map<string, GuardrailDefinition>();

  constructor(definitions: GuardrailDefinition[]) {
    for (const definition of definitions) {
      checkGuardrailDefinition(definition);
      this.byId.set(definition.id, definition);
    }
  }

  /**
   * The definition for a guardrail identifier: its id, or an ARN ending in `guardrail/{id}`, since
   * clients may send either.
   */
  find(id: string): GuardrailDefinition | undefined {
    const idInArn = GUARDRAIL_ARN.exec(id)?.[1];
    return this.byId.get(idInArn ?? id);
  }

  /** The definition for an id (or ARN) that has `version`; undefined when either does not exist. */
  findVersion(id: string, version: string): GuardrailDefinition | undefined {
    const definition = this.find(id);
    return definition && (definition.versions ?? DEFAULT_GUARDRAIL_VERSIONS).includes(version)
      ? definition
      : undefined;
  }
}

const GUARDRAIL_ARN = /^arn:[^:]+:bedrock:[^:]*:[^:]*:guardrail\/(.+)$/;
