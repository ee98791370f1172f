import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import {
  MIN_THINKING_BUDGET,
  thinkingBudgetNotBelowMaxTokens,
  thinkingBudgetNotInteger,
  thinkingBudgetTooSmall,
} from "./bedrock-messages.js";
import { member } from "./converse-shape.js";

/**
 * Claude's checks of `thinking: { type: "enabled", budget_tokens }` in `additionalModelRequestFields`, relayed
 * by Bedrock: the budget is a whole number of at least 1024 tokens, and below `inferenceConfig.maxTokens`
 * when that is given (Bedrock picks the model's own limit otherwise). Adaptive thinking has no budget.
 */
export function validateThinkingBudget(body: JsonObject): void {
  const fields = body.additionalModelRequestFields;
  if (!isJsonObject(fields)) return;
  const thinking = member(fields, "thinking");
  if (thinking.type !== "enabled" || thinking.budget_tokens === undefined) return;
  const budget = thinking.budget_tokens;
  if (typeof budget !== "number" || !Number.isInteger(budget))
    throw validationError(thinkingBudgetNotInteger());
  if (budget < MIN_THINKING_BUDGET) throw validationError(thinkingBudgetTooSmall());
  const { maxTokens } = member(body, "inferenceConfig");
  if (typeof maxTokens === "number" && budget >= maxTokens) {
    throw validationError(thinkingBudgetNotBelowMaxTokens());
  }
}
