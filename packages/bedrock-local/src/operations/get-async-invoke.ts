import { describeJob } from "../async-invoke/async-invoke-job.js";
import { checkInvocationArn } from "../async-invoke/invocation-arn.js";
import { AwsError } from "../http/aws-error.js";
import { sendJson } from "../http/exchange.js";
import type { Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

/** `GET /async-invoke/{invocationArn}`: one job, as it stands now. */
export const getAsyncInvoke: Operation = {
  name: "GetAsyncInvoke",
  method: "GET",
  // The SDKs encode the ARN's `/` as %2F (one segment); a hand-written URL may not, so the rest is rejoined.
  match: (segments) =>
    segments.length >= 2 && segments[0] === "async-invoke"
      ? { targetId: segments.slice(1).join("/"), rest: [] }
      : undefined,
  async handle(exchange) {
    const recorded = recordedAnswer(exchange);
    if (recorded) return sendRecorded(exchange, recorded);
    const invocationArn = exchange.targetId;
    checkInvocationArn(invocationArn);
    const job = exchange.server.asyncInvokes.get(invocationArn);
    if (!job)
      throw new AwsError("ResourceNotFoundException", `The invocation ${invocationArn} was not found.`);
    sendJson(exchange.response, 200, describeJob(job), exchange.requestId);
  },
};
