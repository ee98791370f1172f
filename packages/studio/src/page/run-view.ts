import type { RunRecord, RunSummary } from "../protocol/run-record.js";
import { ApiError, getRun } from "./api.js";
import { renderApprovals } from "./approvals.js";
import { el } from "./dom.js";
import { createGraphView } from "./graph-view.js";
import { createRunActions } from "./run-actions.js";
import { renderRunHeader } from "./run-header.js";
import { renderStepDetail } from "./step-detail.js";
import { renderTimeline } from "./timeline.js";

/** Sub-agents' runs fetched to nest in the timeline; more are listed as links. */
const MAX_CHILDREN = 40;

export interface RunView {
  /** Opens a run (or selects another step of the open one). */
  show(id: string, step: number | undefined): void;
  close(): void;
  /** A live update: the open run, or one of its children, changed. */
  changed(run: RunSummary): void;
  /** Re-draws what depends on the theme (the graph). */
  themeChanged(): void;
}

export function createRunView(
  root: HTMLElement,
  deps: { others: () => RunSummary[]; dark: () => boolean; onError: (error: unknown) => void },
): RunView {
  let current:
    | { id: string; record?: RunRecord; children: Map<string, RunRecord>; step?: number }
    | undefined;
  const parts = {
    header: el("div"),
    actions: el("div"),
    approvals: el("div"),
    graph: createGraphView(),
    timeline: el("div", { class: "timeline-box" }),
    detail: el("div", { class: "detail-box" }),
  };
  let actions: ReturnType<typeof createRunActions> | undefined;
  let approvalsKey = "";
  let detailKey = "";
  let loading: Promise<void> | undefined;
  let again = false;
  let waitTimer: ReturnType<typeof setInterval> | undefined;

  const layout = () => {
    root.replaceChildren(
      parts.header,
      parts.actions,
      parts.approvals,
      parts.graph.element,
      el("h3", { class: "section-title" }, "Timeline"),
      parts.timeline,
      parts.detail,
    );
    parts.graph.element.hidden = true;
  };

  /** Fetches the open run (and its children) and redraws; calls made while one is under way run once after it. */
  const load = () => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      const opened = current;
      if (!opened) return;
      try {
        const record = await getRun(opened.id);
        const ids = record.children.slice(0, MAX_CHILDREN);
        const children = await Promise.all(ids.map((id) => getRun(id).catch(() => undefined)));
        if (current !== opened) return;
        opened.record = record;
        opened.children = new Map(children.filter((c) => c !== undefined).map((c) => [c.id, c]));
        clearInterval(waitTimer);
        draw();
      } catch (error) {
        if (current !== opened) return;
        if (error instanceof ApiError && error.status === 404 && !opened.record) {
          // A re-run's id comes back before its first report: it is drawn once it appears.
          parts.header.replaceChildren(
            el("p", { class: "muted", testid: "run-waiting" }, `Waiting for run ${opened.id} to appear…`),
          );
          clearInterval(waitTimer);
          waitTimer = setInterval(() => void load(), 1000);
        } else deps.onError(error);
      }
    })().finally(() => {
      loading = undefined;
      if (again) {
        again = false;
        // Live updates come up to ~10 a second per run: a short pause keeps the page from fetching non-stop.
        setTimeout(() => void load(), 150);
      }
    });
    return loading;
  };

  const draw = () => {
    const opened = current;
    const run = opened?.record;
    if (!opened || !run) return;
    parts.header.replaceChildren(renderRunHeader(run));
    if (!actions) {
      actions = createRunActions(run, deps.onError);
      parts.actions.replaceChildren(actions.element);
    }
    actions.update(deps.others());
    const key = JSON.stringify([run.pendingApprovals, run.resumable, run.resumedBy]);
    if (key !== approvalsKey) {
      approvalsKey = key;
      parts.approvals.replaceChildren(renderApprovals(run, deps.onError) ?? "");
    }
    if (run.graph) {
      parts.graph.element.hidden = false;
      parts.graph.update(run.graph, deps.dark());
    }
    const focused =
      document.activeElement instanceof HTMLElement ? document.activeElement.dataset : undefined;
    const refocus = focused?.testid === "step-bar" ? focused.step : undefined;
    parts.timeline.replaceChildren(renderTimeline(run, opened.children, opened.step));
    if (refocus)
      parts.timeline.querySelector<HTMLElement>(`[data-testid="step-bar"][data-step="${refocus}"]`)?.focus();
    const step = run.steps.find((s) => s.step === opened.step);
    const stepKey = step ? JSON.stringify([step, run.calls.filter((c) => c.step === step.step)]) : "";
    if (stepKey !== detailKey) {
      detailKey = stepKey;
      parts.detail.replaceChildren(
        step
          ? renderStepDetail(run, step)
          : el("p", { class: "muted hint" }, "Select a step's bar to see its request and answer."),
      );
    }
  };

  return {
    show(id, step) {
      if (current?.id === id) {
        current.step = step;
        draw();
        if (step !== undefined) parts.detail.scrollIntoView({ block: "nearest" });
        return;
      }
      clearInterval(waitTimer);
      current = { id, children: new Map(), step };
      approvalsKey = "";
      detailKey = "";
      parts.actions.replaceChildren();
      actions = undefined;
      layout();
      parts.header.replaceChildren(el("p", { class: "muted" }, "Loading…"));
      root.hidden = false;
      void load();
    },
    close() {
      clearInterval(waitTimer);
      current = undefined;
      root.hidden = true;
      root.replaceChildren();
    },
    changed(run) {
      if (!current) return;
      // The list may hold a new run to compare with; rebuilt after the list drew this update.
      requestAnimationFrame(() => actions?.update(deps.others()));
      const concerned =
        run.id === current.id ||
        run.parent?.runId === current.id ||
        current.record?.children.includes(run.id) === true;
      if (concerned) void load();
    },
    themeChanged() {
      if (current?.record?.graph) parts.graph.update(current.record.graph, deps.dark());
    },
  };
}
