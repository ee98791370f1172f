import { validationError } from "../http/aws-error.js";
import type { ModelAnswer, ModelOperation } from "../models/model-source.js";
import { estimateInputTokens } from "../tokens/estimate-tokens.js";
import { validateConverseRequest } from "../validation/validate-converse-request.js";
import type { Exchange } from "./operation.js";

/**
 * Asks the model sources, in order, for the answer to a Converse or ConverseStream request, and checks
 * the request as Bedrock would: the model exists, the request is valid, and it fits the context window.
 */
export function answerModelRequest(exchange: Exchange, operation: ModelOperation): ModelAnswer {
  const request = {
    operation,
    modelId: exchange.targetId,
    rawPath: exchange.rawPath,
    body: exchange.body,
    requestNumber: exchange.requestNumber,
  };
  // A recording is served as recorded: real Bedrock already judged that request.
  for (const source of exchange.server.models) {
    const answer = source.answer(request);
    if (answer?.kind === "recorded") return answer;
    if (answer) {
      validateConverseRequest(exchange.body, { signer: exchange.server.signer });
      const inputTokens = estimateInputTokens(exchange.body);
      if (inputTokens > answer.contextWindow) {
        throw validationError("Input is too long for requested model.");
      }
      return answer;
    }
  }
  throw validationError("The provided model identifier is invalid.");
}
