/**
 * Which reasoning blocks a model takes back in the history. Bedrock binds a reasoning signature to the model
 * that made it, not to the endpoint: a cross-region inference profile (`us.anthropic.claude-…`, `global.…`) or
 * an ARN runs the same model as the foundation-model id, so they share reasoning. Amazon Nova and DeepSeek
 * refuse any reasoning block played back to them, even their own ("User messages cannot contain reasoning
 * content"). bedrock-local answers both cases as Bedrock does.
 */

const GEO_PREFIX = /^(?:us|us-gov|eu|apac|jp|au|ca|global)\./;

/** The foundation model an id runs: an ARN's resource, without an inference profile's geography prefix. */
export function baseModelId(modelId: string): string {
  const resource = modelId.startsWith("arn:") ? modelId.slice(modelId.indexOf("/") + 1) : modelId;
  return resource.replace(GEO_PREFIX, "");
}

/** Whether two ids run the same model, so reasoning one made is valid for the other. */
export function sameModel(a: string, b: string): boolean {
  return a === b || baseModelId(a) === baseModelId(b);
}

/** Whether the model refuses reasoning blocks in the history it is sent (its own included). */
export function refusesReasoningReplay(modelId: string): boolean {
  // Asked before every request: the answer for an id is worked out once.
  let refuses = refusing.get(modelId);
  if (refuses === undefined) {
    const base = baseModelId(modelId);
    refuses = base.startsWith("amazon.nova") || base.startsWith("deepseek.");
    if (refusing.size < 1_000) refusing.set(modelId, refuses);
  }
  return refuses;
}

const refusing = new Map<string, boolean>();
