import { validationError } from "../http/aws-error.js";
import { sendJson } from "../http/exchange.js";
import type { JsonObject } from "../models/model-turn.js";
import { estimateInvokeBodyTokens } from "../native/invoke-body-tokens.js";
import { estimateInputTokens } from "../tokens/estimate-tokens.js";
import { throwIfViolations } from "../validation/constraint-violations.js";
import { checkBody } from "../validation/schema/check-body.js";
import { inputShape } from "../validation/schema/sdk-shapes.js";
import { validateConverseRequest } from "../validation/validate-converse-request.js";
import { modelPath, type Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

/** `POST /model/{modelId}/count-tokens`: `input.converse` (a Converse body) or `input.invokeModel` (`body`, the model-native body as base64). */
export const countTokens: Operation = {
  name: "CountTokens",
  match: modelPath("count-tokens"),
  async handle(exchange) {
    const recorded = recordedAnswer(exchange);
    if (recorded) return sendRecorded(exchange, recorded);
    if (!exchange.server.models.some((source) => source.serves(exchange.targetId))) {
      throw validationError("The provided model identifier is invalid.");
    }

    throwIfViolations(checkBody(exchange.body, inputShape("CountTokens")));
    const input = exchange.body.input as JsonObject | undefined;
    let inputTokens: number;
    if (input?.converse && typeof input.converse === "object") {
      const converseBody = input.converse as JsonObject;
      validateConverseRequest(converseBody, {
        signer: exchange.server.signer,
        modelId: exchange.targetId,
        operation: "ConverseTokens",
      });
      inputTokens = estimateInputTokens(converseBody);
    } else if (input?.invokeModel && typeof input.invokeModel === "object") {
      inputTokens = estimateInvokeBodyTokens((input.invokeModel as JsonObject).body);
    } else {
      throw validationError("The input field must contain either converse or invokeModel.");
    }
    sendJson(exchange.response, 200, { inputTokens }, exchange.requestId);
  },
};
