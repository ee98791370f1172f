/** A guardrail bedrock-local serves. (Expanded by the guardrail engine.) */
export interface GuardrailDefinition {
  id: string;
  /** Versions that exist. @default ["DRAFT", "1"] */
  versions?: string[];
}

/** Guardrail definitions by id. */
export class GuardrailRegistry {
  private readonly byId = new Map<string, GuardrailDefinition>();

  constructor(definitions: GuardrailDefinition[]) {
    for (const definition of definitions) this.byId.set(definition.id, definition);
  }

  find(id: string): GuardrailDefinition | undefined {
    return this.byId.get(id);
  }
}
