import type { RunQuery } from "../protocol/api.js";
import type { RunStatus, RunSummary } from "../protocol/run-record.js";
import { clearRuns, getSettings, listRuns } from "./api.js";
import { el, find } from "./dom.js";
import { formatAgo, formatCost, formatDuration, formatPath, runDuration, usageLine } from "./format.js";
import { statusBadge } from "./status-badge.js";

/** The runs list: filters, live rows (newest first), the count of kept runs and the Clear button. */
export interface RunList {
  /** A run started or changed (a live update). */
  upsert(run: RunSummary): void;
  /** Every run was cleared (by this page or another). */
  cleared(): void;
  /** Fetches the list again (after a reconnection, a filter change). */
  refresh(): Promise<void>;
  /** Marks the open run's row. */
  select(id: string | undefined): void;
  /** The runs the list holds now, newest first (the compare picker offers them). */
  runs(): RunSummary[];
}

const LIMIT = 200;

export function createRunList(root: HTMLElement, onError: (error: unknown) => void): RunList {
  const search = find<HTMLInputElement>(root, '[data-testid="filter-q"]');
  const status = find<HTMLSelectElement>(root, '[data-testid="filter-status"]');
  const kind = find<HTMLSelectElement>(root, '[data-testid="filter-kind"]');
  const topLevel = find<HTMLInputElement>(root, '[data-testid="filter-top-level"]');
  const rowsBox = find(root, '[data-testid="run-rows"]');
  const count = find(root, '[data-testid="run-count"]');
  const clear = find<HTMLButtonElement>(root, '[data-testid="clear-runs"]');

  const byId = new Map<string, RunSummary>();
  const rows = new Map<string, HTMLAnchorElement>();
  let kept = 0;
  let total = 0;
  let selected: string | undefined;
  let generation = 0;
  let maxRuns = Number.POSITIVE_INFINITY;
  getSettings().then((settings) => {
    maxRuns = settings.maxRuns;
  }, onError);

  const query = (): RunQuery => ({
    q: search.value.trim() || undefined,
    status: (status.value || undefined) as RunStatus | undefined,
    kind: (kind.value || undefined) as RunQuery["kind"],
    topLevel: topLevel.checked,
    limit: LIMIT,
  });

  const refresh = async () => {
    const mine = ++generation;
    const list = await listRuns(query());
    // A newer filter's answer may have come first: an older one is dropped.
    if (mine !== generation) return;
    byId.clear();
    for (const run of list.runs) byId.set(run.id, run);
    kept = list.kept;
    total = list.total;
    render(true);
  };

  const sorted = () => [...byId.values()].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));

  /** The summary each row shows now: a row is filled again only when its run changed (or the clock ticked). */
  const filled = new WeakMap<HTMLAnchorElement, RunSummary>();
  let frame = 0;
  /** Live updates come in bursts: the list is drawn once per frame at most. */
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render(false);
    });
  };

  const render = (tick: boolean) => {
    const runs = sorted().slice(0, LIMIT);
    // Runs beyond the shown ones are forgotten, so a long session of live updates stays small.
    if (byId.size > LIMIT * 2) for (const run of sorted().slice(LIMIT)) byId.delete(run.id);
    const now = Date.now();
    const shown = new Set<string>();
    for (const run of runs) {
      shown.add(run.id);
      const row = rows.get(run.id) ?? newRow(run.id);
      if (tick || filled.get(row) !== run) {
        fillRow(row, run, now);
        filled.set(row, run);
      }
      row.classList.toggle("selected", run.id === selected);
      if (run.id === selected) row.setAttribute("aria-current", "page");
      else row.removeAttribute("aria-current");
    }
    for (const [id, row] of rows) {
      if (!shown.has(id)) {
        row.remove();
        rows.delete(id);
      }
    }
    // Re-appending in order moves rows without re-creating them, so keyboard focus stays on its row.
    let previous: Element | null = null;
    for (const run of runs) {
      const row = rows.get(run.id);
      if (!row) continue;
      const expected: Element | null = previous ? previous.nextElementSibling : rowsBox.firstElementChild;
      if (expected !== row) {
        if (previous) previous.after(row);
        else rowsBox.prepend(row);
      }
      previous = row;
    }
    rowsBox.dataset.empty = runs.length === 0 ? "true" : "false";
    const matching = total > runs.length ? ` · showing ${runs.length} of ${total}` : "";
    count.textContent = `${kept} run${kept === 1 ? "" : "s"} kept${matching}`;
    count.dataset.kept = String(kept);
  };

  const newRow = (id: string) => {
    const row = el("a", { class: "run-row", testid: "run-row", href: `#/runs/${encodeURIComponent(id)}` });
    row.dataset.runId = id;
    rows.set(id, row);
    return row;
  };

  const matches = (run: RunSummary, q: RunQuery) => {
    if (q.status && run.status !== q.status) return false;
    if (q.kind && run.kind !== q.kind) return false;
    if (q.topLevel && run.parent) return false;
    if (!q.q) return true;
    const needle = q.q.toLowerCase();
    return [run.name, run.sessionId, run.modelId, run.id, run.preview].some((field) =>
      field?.toLowerCase().includes(needle),
    );
  };

  root.querySelector("form")?.addEventListener("submit", (event) => event.preventDefault());
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => refresh().catch(onError), 200);
  });
  for (const control of [status, kind, topLevel])
    control.addEventListener("change", () => refresh().catch(onError));
  clear.addEventListener("click", () => {
    if (!confirm("Clear every run the studio keeps?")) return;
    clearRuns().then(() => list.cleared(), onError);
  });

  // Durations of running runs and "ago" times tick.
  setInterval(() => {
    if (document.hidden) return;
    render(true);
  }, 1000);

  const list: RunList = {
    upsert(run) {
      const known = byId.has(run.id);
      if (!matches(run, query())) {
        if (known) {
          byId.delete(run.id);
          schedule();
        }
        return;
      }
      if (!known) {
        // The server drops its oldest runs beyond its limit: the count never goes past it.
        kept = Math.min(kept + 1, maxRuns);
        total += 1;
      }
      byId.set(run.id, run);
      schedule();
    },
    cleared() {
      byId.clear();
      kept = 0;
      total = 0;
      render(true);
    },
    refresh,
    select(id) {
      selected = id;
      render(false);
    },
    runs: sorted,
  };
  return list;
}

function fillRow(row: HTMLAnchorElement, run: RunSummary, now: number): void {
  row.dataset.status = run.status;
  row.dataset.kind = run.kind;
  const path = run.agentPath.length > 1 ? formatPath(run.agentPath) : run.name;
  const parts = [
    el(
      "span",
      { class: "row-main" },
      el("span", { class: "row-name", testid: "run-name" }, path),
      el("span", { class: "kind-tag", testid: "run-kind" }, run.kind),
      statusBadge(run.status),
    ),
    el(
      "span",
      { class: "row-meta" },
      el("span", { testid: "run-session", title: "Session" }, run.sessionId ?? "no session"),
      el("span", { testid: "run-duration" }, formatDuration(runDuration(run, now))),
      el("span", { testid: "run-tokens" }, usageLine(run.usage)),
      el("span", { testid: "run-cost" }, formatCost(run.cost)),
      el("span", { class: "row-ago" }, formatAgo(run.startedAt, now)),
    ),
    run.preview ? el("span", { class: "row-preview" }, run.preview) : null,
    run.error
      ? el("span", { class: "row-error", testid: "run-error" }, `${run.error.code}: ${run.error.message}`)
      : null,
    run.waiting > 0 ? el("span", { class: "row-waiting" }, `${run.waiting} waiting for approval`) : null,
  ];
  row.replaceChildren(...parts.filter((part) => part !== null));
}
