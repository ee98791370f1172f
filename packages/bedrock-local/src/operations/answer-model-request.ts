import { resolveConverseGuardrail } from "../guardrails/converse-guardrail.js";
import {
  assessConverseInput,
  blockedInputTurn,
  type OutputGuard,
} from "../guardrails/guard-converse-turn.js";
import { validationError } from "../http/aws-error.js";
import type { OperationName, RecordedResponse } from "../models/model-source.js";
import type { ModelTurn } from "../models/model-turn.js";
import { estimateInputTokens } from "../tokens/estimate-tokens.js";
import { validateConverseRequest } from "../validation/validate-converse-request.js";
import type { Exchange } from "./operation.js";
import { recordedAnswer } from "./send-recorded.js";

/**
 * The answer to a Converse or ConverseStream request: a recording to serve as recorded, or a turn. A turn
 * that still has to pass the request's guardrail carries `outputGuard`; a turn answering a blocked input is
 * final already.
 */
export type ConverseAnswer =
  | { kind: "recorded"; response: RecordedResponse }
  | { kind: "turn"; turn: ModelTurn; outputGuard?: OutputGuard };

/**
 * Asks the model sources, in order, for the answer to a Converse or ConverseStream request, and handles the
 * request as Bedrock would before a model runs: the request is valid, its guardrail exists and lets the input
 * through (masking it if it must), and it fits the context window.
 */
export function answerModelRequest(exchange: Exchange, operation: OperationName): ConverseAnswer {
  const request = {
    operation,
    modelId: exchange.targetId,
    rawPath: exchange.rawPath,
    body: exchange.body,
    requestNumber: exchange.requestNumber,
  };
  const recorded = recordedAnswer(exchange);
  if (recorded) return { kind: "recorded", response: recorded };
  for (const source of exchange.server.models) {
    if (source.recorded || !source.serves(request.modelId)) continue;

    validateConverseRequest(exchange.body, { signer: exchange.server.signer });
    const guardrail = resolveConverseGuardrail(exchange.body, exchange.server.guardrails, operation);
    const input = guardrail ? assessConverseInput(guardrail, exchange.body) : undefined;
    // A blocked input never reaches the model, so no turn of the script is used.
    if (guardrail && input?.evaluation.blocked)
      return { kind: "turn", turn: blockedInputTurn(guardrail, input.evaluation) };

    const answer = source.answer(input ? { ...request, body: input.body } : request);
    if (!answer) continue;
    if (answer.kind === "recorded") return answer;
    if (estimateInputTokens(exchange.body) > answer.contextWindow) {
      throw validationError("Input is too long for requested model.");
    }
    return {
      kind: "turn",
      turn: answer.turn,
      ...(guardrail && input ? { outputGuard: { guardrail, input: input.evaluation } } : {}),
    };
  }
  throw validationError("The provided model identifier is invalid.");
}
