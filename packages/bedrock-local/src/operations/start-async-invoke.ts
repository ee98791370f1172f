import { runJob } from "../async-invoke/run-job.js";
import { validateStartRequest } from "../async-invoke/validate-start-request.js";
import { validationError } from "../http/aws-error.js";
import { sendJson } from "../http/exchange.js";
import { servesModel } from "../models/model-source.js";
import type { Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

/** `POST /async-invoke`: starts a job the server keeps and runs; the answer is its ARN. */
export const startAsyncInvoke: Operation = {
  name: "StartAsyncInvoke",
  match: (segments) =>
    segments.length === 1 && segments[0] === "async-invoke" ? { targetId: "", rest: [] } : undefined,
  async handle(exchange) {
    const recorded = recordedAnswer(exchange);
    if (recorded) return sendRecorded(exchange, recorded);
    const request = validateStartRequest(exchange.body);
    const { models, asyncInvokes } = exchange.server;
    if (!servesModel(models, request.modelId))
      throw validationError("The provided model identifier is invalid.");
    const { job, ended } = asyncInvokes.start(request, (started) =>
      runJob(started, { models, requestNumber: exchange.requestNumber }),
    );
    if (asyncInvokes.endsBeforeAnswering) await ended;
    sendJson(exchange.response, 200, { invocationArn: job.invocationArn }, exchange.requestId);
  },
};
