import type { IncomingMessage, ServerResponse } from "node:http";
import type { RunRecord } from "../protocol/run-record.js";
import { decodeSegment, HttpError, readJsonObject, sendJson } from "./http-io.js";
import type { StudioContext } from "./studio-context.js";

/**
 * Answers the action routes (re-run, save as test, compare, open recordings); false when the path is none
 * of them. The actions load on first use: they bring bedrock-local and the test writer, which a studio
 * that only watches runs never needs. An action that fails on its input answers 400 with its message.
 */
export async function handleActionRoute(
  context: StudioContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = request.method ?? "GET";
  const path = url.pathname;
  if (path === "/api/compare" && method === "GET") {
    const a = runOf(context, url.searchParams.get("a"));
    const b = runOf(context, url.searchParams.get("b"));
    const { compareRuns } = await import("../actions/compare-runs.js");
    sendJson(response, 200, await asAction(() => compareRuns(a, b)));
    return true;
  }
  if (path === "/api/recordings" && method === "POST") {
    const body = await readJsonObject(request);
    if (typeof body.folder !== "string" || body.folder === "")
      throw new HttpError(400, "Give the folder to open.");
    const { openRecordings } = await import("../actions/open-recordings.js");
    const folder = body.folder;
    const records = await asAction(() => openRecordings(folder));
    for (const record of records as RunRecord[]) context.store.insert(record);
    sendJson(response, 200, { runs: (records as RunRecord[]).map((record) => record.id) });
    return true;
  }
  const action = /^\/api\/runs\/([^/]+)\/(rerun|save-test)$/.exec(path);
  if (!action || method !== "POST") return false;
  const record = runOf(context, decodeSegment(action[1] as string));
  if (action[2] === "rerun") {
    await readJsonObject(request).catch(() => ({}));
    const { rerun } = await import("../actions/rerun.js");
    sendJson(response, 200, await asAction(() => rerun(record, { studioUrl: context.pageUrl })));
    return true;
  }
  const body = await readJsonObject(request);
  const name = typeof body.name === "string" && body.name.trim() !== "" ? body.name.trim() : undefined;
  const { saveAsTest } = await import("../actions/save-as-test.js");
  const testsDir = context.settings.testsDir;
  sendJson(response, 200, await asAction(() => saveAsTest(record, name ? { testsDir, name } : { testsDir })));
  return true;
}

function runOf(context: StudioContext, id: string | null): RunRecord {
  if (!id) throw new HttpError(400, "Name the run.");
  const record = context.store.get(id);
  if (!record) throw new HttpError(404, `No run ${id} (unknown, or dropped).`);
  return record;
}

/** Runs an action: what it throws becomes a 400 with its message (the run or the folder did not suit it). */
async function asAction<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, error instanceof Error ? error.message : String(error));
  }
}
