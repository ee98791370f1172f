import { sendJson } from "../http/exchange.js";
import { answerInvoke, tokenHeaders } from "../native/answer-invoke.js";
import { echoedHeaders } from "../native/invoke-headers.js";
import { modelPath, type Operation } from "./operation.js";
import { sendRecorded } from "./send-recorded.js";

/** `POST /model/{modelId}/invoke`: a model-native body in, the model's own response format out. */
export const invokeModel: Operation = {
  name: "InvokeModel",
  requestBody: "bytes",
  match: modelPath("invoke"),
  async handle(exchange) {
    const startedAt = performance.now();
    const answer = answerInvoke(exchange, "InvokeModel");
    if (answer.kind === "recorded") return sendRecorded(exchange, answer.response);
    const latencyMs = Math.round(performance.now() - startedAt);
    const echoed = echoedHeaders(answer.headers);
    if (answer.kind === "embedding") {
      const usage = { inputTokens: answer.embedding.inputTokens, outputTokens: 0 };
      sendJson(exchange.response, 200, answer.embedding.body, exchange.requestId, {
        ...tokenHeaders(usage, latencyMs),
        ...echoed,
      });
      return;
    }
    const body = { ...answer.format.render(answer.parts), ...answer.marks };
    sendJson(exchange.response, 200, body, exchange.requestId, {
      ...tokenHeaders(answer.parts.turn.usage, latencyMs),
      ...echoed,
    });
  },
};
