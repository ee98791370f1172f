import { resolveConverseGuardrail } from "../guardrails/converse-guardrail.js";
import {
  assessConverseInput,
  blockedInputTurn,
  type OutputGuard,
} from "../guardrails/guard-converse-turn.js";
import { validationError } from "../http/aws-error.js";
import { type OperationName, type RecordedResponse, servesModel } from "../models/model-source.js";
import { isJsonObject, type JsonObject, type ModelTurn } from "../models/model-turn.js";
import { scriptedTurn } from "../models/scripted-turn.js";
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
 * Answers a Converse or ConverseStream request: a replayed recording when one matches, otherwise the scripted
 * turn (see `answerScriptedRequest`).
 */
export function answerModelRequest(exchange: Exchange, operation: OperationName): ConverseAnswer {
  const recorded = recordedAnswer(exchange);
  if (recorded) return { kind: "recorded", response: recorded };
  return answerScriptedRequest(exchange, operation);
}

/**
 * The scripted model's answer to a request in Converse's shape, for a caller that has already looked for a
 * recording. The request is handled as Bedrock would before a model runs: the model exists, the request is
 * valid, its guardrail exists and lets the input through (masking it if it must), and it fits the context
 * window.
 */
export function answerScriptedRequest(
  exchange: Exchange,
  operation: OperationName,
): Extract<ConverseAnswer, { kind: "turn" }> {
  const { models } = exchange.server;
  if (!servesModel(models, exchange.targetId))
    throw validationError("The provided model identifier is invalid.");
  validateConverseRequest(exchange.body, {
    signer: exchange.server.signer,
    modelId: exchange.targetId,
    operation: operation === "ConverseStream" ? "ConverseStream" : "Converse",
  });
  const guardrail = resolveConverseGuardrail(exchange.body, exchange.server.guardrails, operation);
  const input = guardrail ? assessConverseInput(guardrail, exchange.body) : undefined;
  // A blocked input never reaches the model, so no turn of the script is used.
  if (guardrail && input?.evaluation.blocked)
    return { kind: "turn", turn: blockedInputTurn(guardrail, input.evaluation) };

  const request = {
    operation,
    modelId: exchange.targetId,
    rawPath: exchange.rawPath,
    body: input ? input.body : exchange.body,
    requestNumber: exchange.requestNumber,
  };
  // The context window counts the input as sent, not its masked copy.
  const turn = withEcho(scriptedTurn(models, request, exchange.body), exchange.body);
  return {
    kind: "turn",
    turn,
    ...(guardrail && input ? { outputGuard: { guardrail, input: input.evaluation } } : {}),
  };
}

/** Bedrock echoes the request's `serviceTier` and `performanceConfig` in its answer. */
function withEcho(turn: ModelTurn, body: JsonObject): ModelTurn {
  const { serviceTier, performanceConfig } = body;
  if (!isJsonObject(serviceTier) && !isJsonObject(performanceConfig)) return turn;
  return {
    ...turn,
    echo: {
      ...(isJsonObject(serviceTier) ? { serviceTier } : {}),
      ...(isJsonObject(performanceConfig) ? { performanceConfig } : {}),
    },
  };
}
