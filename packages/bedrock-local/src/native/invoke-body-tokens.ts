import { parseJsonObject } from "../http/read-body.js";
import type { JsonObject } from "../models/model-turn.js";
import { estimateInputTokens, estimateTokens } from "../tokens/estimate-tokens.js";
import { anthropicToConverse } from "./anthropic-request.js";

/**
 * CountTokens' `input.invokeModel.body`: the model-native body as the SDK sends a blob in JSON (base64). A Claude
 * Messages body is checked and counted as the Converse request it translates to, so both inputs of CountTokens
 * agree on the same conversation; any other body is counted as its text.
 */
export function estimateInvokeBodyTokens(body: unknown): number {
  const native = decodeNativeBody(body);
  if (native?.anthropic_version !== undefined) return estimateInputTokens(anthropicToConverse(native));
  return estimateTokens(native ?? body);
}

function decodeNativeBody(body: unknown): JsonObject | undefined {
  if (typeof body !== "string") return undefined;
  for (const text of [Buffer.from(body, "base64").toString("utf8"), body]) {
    const parsed = parseJsonObject(text);
    if (parsed) return parsed; // otherwise not this encoding; try the next
  }
  return undefined;
}
