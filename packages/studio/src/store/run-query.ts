import type { RunQuery } from "../protocol/api.js";
import type { RunStatus } from "../protocol/run-record.js";
import type { RunEntry } from "./run-entry.js";

/** The runs a list answers by default, and at most. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

/** A query's `limit`, within bounds. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(limit)));
}

/** Whether a run matches a query's filters (`needle`: its `q`, lowercased). */
export function matchesQuery(entry: RunEntry, query: RunQuery, needle: string | undefined): boolean {
  const { record } = entry;
  if (query.status !== undefined && record.status !== query.status) return false;
  if (query.kind !== undefined && record.kind !== query.kind) return false;
  if (query.topLevel && record.parent) return false;
  return needle === undefined || entry.search.includes(needle);
}

const STATUSES: readonly RunStatus[] = ["running", "done", "awaiting_approval", "paused", "failed"];

/** A `RunQuery` from a URL's search parameters; unknown or malformed values are left out. */
export function parseRunQuery(params: URLSearchParams): RunQuery {
  const query: RunQuery = {};
  const q = params.get("q");
  if (q) query.q = q;
  const status = params.get("status");
  if (status && (STATUSES as readonly string[]).includes(status)) query.status = status as RunStatus;
  const kind = params.get("kind");
  if (kind === "agent" || kind === "graph") query.kind = kind;
  const topLevel = params.get("topLevel");
  if (topLevel === "true" || topLevel === "1") query.topLevel = true;
  const limit = Number(params.get("limit") ?? Number.NaN);
  if (Number.isFinite(limit)) query.limit = limit;
  const before = params.get("before");
  if (before) query.before = before;
  return query;
}
