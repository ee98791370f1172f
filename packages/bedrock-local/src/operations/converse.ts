import { guardWholeOutput } from "../guardrails/guard-converse-turn.js";
import { sendJson } from "../http/exchange.js";
import { renderConverseOutput } from "../models/render-converse-output.js";
import { answerModelRequest } from "./answer-model-request.js";
import { modelPath, type Operation } from "./operation.js";
import { sendRecorded } from "./send-recorded.js";

/** `POST /model/{modelId}/converse` */
export const converse: Operation = {
  name: "Converse",
  match: modelPath("converse"),
  async handle(exchange) {
    const startedAt = performance.now();
    const answer = answerModelRequest(exchange, "Converse");
    if (answer.kind === "recorded") return sendRecorded(exchange, answer.response);
    const turn = answer.outputGuard
      ? guardWholeOutput(answer.outputGuard, answer.turn, "Converse")
      : answer.turn;
    const latencyMs = Math.round(performance.now() - startedAt);
    sendJson(exchange.response, 200, renderConverseOutput(turn, latencyMs), exchange.requestId);
  },
};
