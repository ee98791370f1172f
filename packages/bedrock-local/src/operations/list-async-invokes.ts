import { describeJob } from "../async-invoke/async-invoke-job.js";
import { listJobs } from "../async-invoke/list-jobs.js";
import { parseListQuery } from "../async-invoke/list-query.js";
import { sendJson } from "../http/exchange.js";
import type { Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

/** `GET /async-invoke`: the jobs matching the query's filters, a page at a time. */
export const listAsyncInvokes: Operation = {
  name: "ListAsyncInvokes",
  method: "GET",
  match: (segments) =>
    segments.length === 1 && segments[0] === "async-invoke" ? { targetId: "", rest: [] } : undefined,
  async handle(exchange) {
    const recorded = recordedAnswer(exchange);
    if (recorded) return sendRecorded(exchange, recorded);
    const { asyncInvokes } = exchange.server;
    const page = listJobs(asyncInvokes.all(), parseListQuery(exchange.query), asyncInvokes.pageTokens);
    sendJson(
      exchange.response,
      200,
      {
        asyncInvokeSummaries: page.jobs.map(describeJob),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      },
      exchange.requestId,
    );
  },
};
