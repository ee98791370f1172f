import type { RunStatus } from "../protocol/run-record.js";
import { el } from "./dom.js";

const LABELS: Record<RunStatus, string> = {
  running: "running",
  done: "done",
  awaiting_approval: "awaiting approval",
  paused: "paused",
  failed: "failed",
};

/** A run's status as a coloured badge (`data-status` carries the raw value for tests and styles). */
export function statusBadge(status: RunStatus): HTMLElement {
  const badge = el(
    "span",
    { class: `badge badge-${status}`, testid: "status-badge" },
    LABELS[status] ?? status,
  );
  badge.dataset.status = status;
  return badge;
}
