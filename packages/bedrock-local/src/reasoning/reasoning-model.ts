/**
 * Which model reasoning belongs to, and how the family a request addresses treats reasoning sent back.
 *
 * Anthropic binds a thinking block's signature to the model that wrote it, not to the endpoint it was reached
 * through: a cross-region inference profile (`us.anthropic.claude-sonnet-4-…`, `global.…`) runs the same model
 * as the foundation-model id it prefixes, so they are one model here. Switching to another Claude model is what
 * breaks the signature (vybestack/llxprt-code#2335).
 */

/** The geography prefixes of Bedrock's cross-region inference profiles. */
const GEO_PREFIX = /^(?:us|us-gov|eu|apac|jp|au|ca|global)\./;

/**
 * The foundation model an id runs: the resource after an ARN's `/`, without an inference profile's
 * geography prefix. An application inference profile or provisioned model ARN names no model in itself,
 * so it stays its own model.
 */
export function baseModelId(modelId: string): string {
  const resource = modelId.startsWith("arn:") ? modelId.slice(modelId.indexOf("/") + 1) : modelId;
  return resource.replace(GEO_PREFIX, "");
}

/**
 * How a model takes reasoning sent back in an assistant message:
 * - `claude`: signed reasoning must be its own, unaltered.
 * - `refuses-reasoning`: Nova and DeepSeek refuse any reasoning block, even their own.
 * - `openai`: gpt-oss takes unsigned reasoning text back, and refuses a signature.
 * - `other-provider`: a real provider with no report found (Llama, Mistral, Qwen…).
 * - `scripted`: an id that names no Bedrock provider (a script's own `"hello"`, an application inference
 *   profile ARN): treated as Claude is, the signature bound to the id.
 */
export type ReasoningFamily = "claude" | "refuses-reasoning" | "openai" | "other-provider" | "scripted";

/** The providers of Bedrock's model ids (`{provider}.{model}`). */
const PROVIDERS = new Set([
  "ai21",
  "amazon",
  "anthropic",
  "cohere",
  "deepseek",
  "google",
  "luma",
  "meta",
  "minimax",
  "mistral",
  "moonshot",
  "moonshotai",
  "nvidia",
  "openai",
  "qwen",
  "stability",
  "twelvelabs",
  "writer",
  "zai",
]);

export function reasoningFamily(modelId: string): ReasoningFamily {
  const base = baseModelId(modelId);
  const provider = base.slice(0, base.indexOf("."));
  if (provider === "anthropic") return "claude";
  if (base.startsWith("amazon.nova") || provider === "deepseek") return "refuses-reasoning";
  if (provider === "openai") return "openai";
  return PROVIDERS.has(provider) ? "other-provider" : "scripted";
}

/** Whether the model's own reasoning carries a signature (Nova, DeepSeek and gpt-oss send none). */
export function signsReasoning(modelId: string): boolean {
  const family = reasoningFamily(modelId);
  return family !== "refuses-reasoning" && family !== "openai";
}
