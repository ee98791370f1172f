import { runNovaSession } from "../bidirectional/run-nova-session.js";
import { validationError } from "../http/aws-error.js";
import { servesModel } from "../models/model-source.js";
import { modelPath, type Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

/**
 * `POST /model/{modelId}/invoke-with-bidirectional-stream`: a Nova Sonic session over one HTTP/2 stream,
 * the client's signed input events and the model's output events flowing at the same time.
 */
export const invokeModelWithBidirectionalStream: Operation = {
  name: "InvokeModelWithBidirectionalStream",
  requestBody: "stream",
  match: modelPath("invoke-with-bidirectional-stream"),
  async handle(exchange) {
    const { request } = exchange;
    if (request.httpVersionMajor !== 2) {
      // Both directions at once need HTTP/2; the input is not read, only drained.
      request.resume();
      throw validationError("InvokeModelWithBidirectionalStream requires HTTP/2.");
    }
    const recorded = recordedAnswer(exchange);
    if (recorded) {
      // A recording holds the output alone: it is sent as recorded while the input is read and dropped.
      request.resume();
      sendRecorded(exchange, recorded);
      return;
    }
    if (!servesModel(exchange.server.models, exchange.targetId)) {
      request.resume();
      throw validationError("The provided model identifier is invalid.");
    }
    await runNovaSession(exchange);
  },
};
