import type { StepUsage } from "@lode/core";
import type { Attributes } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";

/**
 * The conventions' input count includes cached tokens; Bedrock's `inputTokens` does not (it counts only
 * the tokens read fresh), so they are added back here.
 */
export function inputTokensOf(usage: StepUsage): number {
  return usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
}

/** The usage attributes of a model call or a run. Bedrock's Converse API reports no reasoning tokens. */
export function usageAttributes(usage: StepUsage): Attributes {
  return {
    [ATTR.usageInputTokens]: inputTokensOf(usage),
    [ATTR.usageOutputTokens]: usage.outputTokens,
    [ATTR.usageCacheReadInputTokens]: usage.cacheReadInputTokens,
    [ATTR.usageCacheCreationInputTokens]: usage.cacheWriteInputTokens,
    [ATTR.usageCacheWriteInputTokens]: usage.cacheWriteInputTokens,
  };
}
