import { checkGuardrailDefinition, type GuardrailDefinition } from "./guardrail-definition.js";

export type {
  DeniedTopic,
  GuardrailDefinition,
  PiiEntityFilter,
  PiiEntityType,
  RegexFilter,
  SensitiveInformationAction,
} from "./guardrail-definition.js";

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
}

const GUARDRAIL_ARN = /^arn:[^:]+:bedrock:[^:]*:[^:]*:guardrail\/(.+)$/;
