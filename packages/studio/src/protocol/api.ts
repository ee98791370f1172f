import type { ApprovalDecision } from "@lode/core";
import type { RunRecord, RunStatus, RunSummary } from "./run-record.js";

/**
 * The studio's HTTP API, as the page and the tests use it. Every request carries the studio's token: the
 * `x-lode-studio-token` header, or `?token=` (an EventSource cannot set headers). Without it: 401.
 *
 * - `GET  /?token=`                       the page
 * - `POST /api/reports`                   a `ReportBatch` from a reporter → 204
 * - `GET  /api/control?client=`           a reporter's control channel (server-sent `ControlMessage`s)
 * - `POST /api/control/ack`               a reporter's answer to a control message: `ControlAck`
 * - `GET  /api/runs?…RunQuery`            `RunList`
 * - `GET  /api/runs/:id`                  `RunRecord` (404 when unknown or dropped)
 * - `GET  /api/live`                      server-sent `LiveUpdate`s
 * - `POST /api/runs/:id/decisions`        `{ decisions }` → `DecisionsResult` (409 when no process can resume it)
 * - `POST /api/runs/:id/rerun`            → `RerunResult`: the run again, against bedrock-local
 * - `POST /api/runs/:id/save-test`        `{ name? }` → `SavedTest`
 * - `GET  /api/compare?a=&b=`             `RunComparison`
 * - `POST /api/recordings`                `{ folder }` → `{ runs: string[] }`: a folder of recordings opened as runs
 * - `DELETE /api/runs`                    clears every run → 204
 * - `GET  /api/config`                    `StudioSettings`
 */
export interface RunQuery {
  /** Matches the name, session, model id, run id or preview, case-insensitively. */
  q?: string;
  status?: RunStatus;
  kind?: "agent" | "graph";
  /** Only top-level runs (no parent). @default false */
  topLevel?: boolean;
  /** @default 100, at most 500 */
  limit?: number;
  /** Newest first; the page after this run id. */
  before?: string;
}

export interface RunList {
  runs: RunSummary[];
  /** Runs that match, in all. */
  total: number;
  /** Runs kept, in all (at most `maxRuns`). */
  kept: number;
}

/** What `GET /api/live` sends: a run started or changed, or every run cleared. */
export type LiveUpdate = { type: "run"; run: RunSummary } | { type: "cleared" };

export interface DecisionsRequest {
  decisions: ApprovalDecision[];
}

/**
 * The decisions were handed to the run's process, which is resuming the session: the new run reports like
 * any other, and the original's `resumedBy` names it once it starts.
 */
export interface DecisionsResult {
  sent: true;
}

/** A reporter's acknowledgement of a control message: it started the session's new run, or could not. */
export type ControlAck = { requestId: string; ok: true } | { requestId: string; ok: false; message: string };

export interface RerunResult {
  /** The new run (its `rerunOf` names the original). */
  runId: string;
}

export interface SavedTest {
  /** The vitest file written. */
  testFile: string;
  /** The folder of recordings it replays. */
  recordings: string;
}

/** Two runs side by side: per step, what differs in their requests and answers. */
export interface RunComparison {
  a: RunRecord;
  b: RunRecord;
  steps: {
    step: number;
    /** JSON paths (`messages.2.content.0.text`) whose values differ, with both values. */
    request: ValueDifference[];
    answer: ValueDifference[];
  }[];
}

export interface ValueDifference {
  path: string;
  a: unknown;
  b: unknown;
}

export interface StudioSettings {
  maxRuns: number;
  /** Where "save as test" writes. */
  testsDir: string;
  version: string;
}
