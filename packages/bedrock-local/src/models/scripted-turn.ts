import { validationError } from "../http/aws-error.js";
import { estimateInputTokens } from "../tokens/estimate-tokens.js";
import type { ModelRequest, ModelSource } from "./model-source.js";
import type { JsonObject, ModelTurn } from "./model-turn.js";

/**
 * The turn of the first source that generates answers for the request's model, checked against that
 * model's context window: the one place a request reaches a scripted model, whichever operation carries it.
 * `measured` is the body whose size counts against the window (the request as the client sent it, when
 * `request.body` is a guardrail-masked copy). Recorded sources are skipped: a caller serves recordings
 * before it asks for a turn.
 */
export function scriptedTurn(
  models: readonly ModelSource[],
  request: ModelRequest,
  measured: JsonObject = request.body,
): ModelTurn {
  for (const source of models) {
    if (source.recorded || !source.serves(request.modelId)) continue;
    const answer = source.answer(request);
    if (answer?.kind !== "turn") continue;
    if (estimateInputTokens(measured) > answer.contextWindow)
      throw validationError("Input is too long for requested model.");
    return answer.turn;
  }
  throw validationError("The provided model identifier is invalid.");
}
