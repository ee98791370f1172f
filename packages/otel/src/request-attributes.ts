import type { Attributes } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";
import type { ConverseRequest } from "./bedrock-types.js";

/** What a model call's span says about its request, set when the span starts. */
export function requestAttributes(request: ConverseRequest): Attributes {
  const attributes: Attributes = {
    [ATTR.requestModel]: request.modelId,
    [ATTR.requestStream]: true,
    // Structured output in native mode asks for JSON; tool mode's output is a tool call's input.
    [ATTR.outputType]: request.outputConfig?.textFormat ? "json" : "text",
  };
  const settings = request.inferenceConfig;
  if (settings?.maxTokens !== undefined) attributes[ATTR.requestMaxTokens] = settings.maxTokens;
  if (settings?.temperature !== undefined) attributes[ATTR.requestTemperature] = settings.temperature;
  if (settings?.topP !== undefined) attributes[ATTR.requestTopP] = settings.topP;
  if (settings?.stopSequences?.length) attributes[ATTR.requestStopSequences] = settings.stopSequences;
  const guardrail = request.guardrailConfig?.guardrailIdentifier;
  if (guardrail) attributes[ATTR.guardrailId] = guardrail;
  return attributes;
}
