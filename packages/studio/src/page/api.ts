import type { ApprovalDecision } from "@lode/core";
import type {
  DecisionsResult,
  LiveUpdate,
  RerunResult,
  RunComparison,
  RunList,
  RunQuery,
  SavedTest,
  StudioSettings,
} from "../protocol/api.js";
import type { RunRecord } from "../protocol/run-record.js";

/** The studio's token, from the page's own URL: every request carries it. */
const token = new URLSearchParams(location.search).get("token") ?? "";

/** An answer other than 2xx: its status and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { "x-lode-studio-token": token };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new ApiError(response.status, errorMessage(text) ?? `${response.status} ${response.statusText}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The server's message in an error body (`{ "error": … }` or `{ "message": … }`), or the text itself. */
function errorMessage(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = body.message ?? body.error;
    if (typeof message === "string") return message;
    if (message && typeof message === "object" && "message" in message) return String(message.message);
  } catch {
    // Not JSON: the text is the message.
  }
  return text.slice(0, 500);
}

export function listRuns(query: RunQuery): Promise<RunList> {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.status) params.set("status", query.status);
  if (query.kind) params.set("kind", query.kind);
  if (query.topLevel) params.set("topLevel", "true");
  if (query.limit) params.set("limit", String(query.limit));
  const search = params.toString();
  return call("GET", `/api/runs${search ? `?${search}` : ""}`);
}

export const getRun = (id: string): Promise<RunRecord> => call("GET", `/api/runs/${encodeURIComponent(id)}`);

export const getSettings = (): Promise<StudioSettings> => call("GET", "/api/config");

export const clearRuns = (): Promise<void> => call("DELETE", "/api/runs");

export const sendDecisions = (id: string, decisions: ApprovalDecision[]): Promise<DecisionsResult> =>
  call("POST", `/api/runs/${encodeURIComponent(id)}/decisions`, { decisions });

export const rerun = (id: string): Promise<RerunResult> =>
  call("POST", `/api/runs/${encodeURIComponent(id)}/rerun`, {});

export const saveTest = (id: string, name?: string): Promise<SavedTest> =>
  call("POST", `/api/runs/${encodeURIComponent(id)}/save-test`, name ? { name } : {});

export const compareRuns = (a: string, b: string): Promise<RunComparison> =>
  call("GET", `/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);

/**
 * Follows `GET /api/live` (an EventSource cannot set headers: the token goes in the URL). The browser
 * reconnects by itself after a drop; `onOpen` runs on every (re)connection so the page can catch up.
 */
export function followLive(onUpdate: (update: LiveUpdate) => void, onOpen: () => void): EventSource {
  const source = new EventSource(`/api/live?token=${encodeURIComponent(token)}`);
  const read = (event: MessageEvent<string>) => {
    try {
      onUpdate(JSON.parse(event.data) as LiveUpdate);
    } catch {
      // A comment or keep-alive line that is not an update.
    }
  };
  source.addEventListener("message", read);
  // The server may name its events after the update's type; both are read the same way.
  source.addEventListener("run", read);
  source.addEventListener("cleared", read);
  source.addEventListener("open", onOpen);
  return source;
}
