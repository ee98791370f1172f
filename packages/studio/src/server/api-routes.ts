import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApprovalDecision, parseWithBytes } from "@lode/core";
import type { ControlAck, DecisionsResult } from "../protocol/api.js";
import type { Report } from "../protocol/reports.js";
import { parseRunQuery } from "../store/run-query.js";
import { openEventStream } from "./event-stream.js";
import { decodeSegment, HttpError, readJsonObject, sendEmpty, sendJson } from "./http-io.js";
import type { StudioContext } from "./studio-context.js";

/** Answers one of the API's own routes (not the actions'); false when the path is none of them. */
export async function handleApiRoute(
  context: StudioContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = request.method ?? "GET";
  const path = url.pathname;
  if (path === "/api/reports" && method === "POST") {
    await ingestReports(context, request);
    sendEmpty(response);
  } else if (path === "/api/control" && method === "GET") {
    const client = url.searchParams.get("client");
    if (!client) throw new HttpError(400, "A control channel needs ?client=.");
    context.relay.open(client, openEventStream(response));
  } else if (path === "/api/control/ack" && method === "POST") {
    const ack = await readJsonObject(request);
    if (typeof ack.requestId !== "string" || typeof ack.ok !== "boolean") {
      throw new HttpError(400, "An acknowledgement needs requestId and ok.");
    }
    const known = context.relay.acknowledge({
      requestId: ack.requestId,
      ok: ack.ok,
      message: typeof ack.message === "string" ? ack.message : "The process could not resume the session.",
    } as ControlAck);
    sendEmpty(response, known ? 204 : 404);
  } else if (path === "/api/runs" && method === "GET") {
    sendJson(response, 200, context.store.list(parseRunQuery(url.searchParams)));
  } else if (path === "/api/runs" && method === "DELETE") {
    context.store.clear();
    sendEmpty(response);
  } else if (path === "/api/live" && method === "GET") {
    context.live.add(openEventStream(response));
  } else if (path === "/api/config" && method === "GET") {
    sendJson(response, 200, context.settings);
  } else {
    const run = /^\/api\/runs\/([^/]+)(\/decisions)?$/.exec(path);
    if (!run) return false;
    const id = decodeSegment(run[1] as string);
    if (run[2] && method === "POST") await sendDecisions(context, request, response, id);
    else if (!run[2] && method === "GET") {
      const record = context.store.get(id);
      if (!record) throw new HttpError(404, `No run ${id} (unknown, or dropped).`);
      sendJson(response, 200, record);
    } else return false;
  }
  return true;
}

async function ingestReports(context: StudioContext, request: IncomingMessage): Promise<void> {
  const batch = await readJsonObject(request, parseWithBytes);
  if (typeof batch.clientId !== "string" || !Array.isArray(batch.reports)) {
    throw new HttpError(400, "A report batch needs clientId and reports.");
  }
  const reports = batch.reports.filter(
    (report): report is Report =>
      typeof report === "object" &&
      report !== null &&
      typeof (report as { kind?: unknown }).kind === "string",
  );
  context.store.ingest(reports, batch.clientId);
}

async function sendDecisions(
  context: StudioContext,
  request: IncomingMessage,
  response: ServerResponse,
  runId: string,
): Promise<void> {
  const body = await readJsonObject(request);
  if (!Array.isArray(body.decisions) || !body.decisions.every(isDecision)) {
    throw new HttpError(400, "Decisions need a toolUseId and approved each.");
  }
  const record = context.store.get(runId);
  if (!record) throw new HttpError(404, `No run ${runId} (unknown, or dropped).`);
  if (
    !context.store.reportedResumable(runId) ||
    record.status !== "awaiting_approval" ||
    record.waiting === 0
  ) {
    throw new HttpError(409, "The run has no calls the studio can send decisions on.");
  }
  await context.relay.sendDecisions(record.clientId, runId, body.decisions);
  const result: DecisionsResult = { sent: true };
  sendJson(response, 200, result);
}

function isDecision(value: unknown): value is ApprovalDecision {
  const decision = value as Partial<ApprovalDecision> | null;
  return (
    typeof decision === "object" &&
    decision !== null &&
    typeof decision.toolUseId === "string" &&
    typeof decision.approved === "boolean"
  );
}
