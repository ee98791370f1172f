import type { RunComparison, ValueDifference } from "../protocol/api.js";
import type { RunSummary } from "../protocol/run-record.js";
import { compareRuns } from "./api.js";
import { button, el } from "./dom.js";
import { formatJson } from "./format.js";
import { statusBadge } from "./status-badge.js";

/**
 * "Compare with…": a picker of the other runs the list holds, and the comparison once asked. `update`
 * offers the runs the list holds now (called on live updates; the options are rebuilt only when they changed).
 */
export function createComparePicker(
  runId: string,
  onError: (error: unknown) => void,
): { element: HTMLElement; update(others: readonly RunSummary[]): void } {
  const select = el("select", { testid: "compare-select", "aria-label": "Run to compare with" });
  let offered: string | undefined;
  const update = (others: readonly RunSummary[]) => {
    const runs = others.filter((run) => run.id !== runId);
    const key = runs.map((run) => `${run.id}:${run.name}`).join("\n");
    if (key === offered) return;
    offered = key;
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "" }, "Compare with…"));
    for (const run of runs)
      select.append(
        el(
          "option",
          { value: run.id },
          `${run.name} · ${new Date(run.startedAt).toLocaleTimeString()} · ${run.id.slice(0, 8)}`,
        ),
      );
    select.value = runs.some((run) => run.id === chosen) ? chosen : "";
  };
  const result = el("div", { class: "compare-result" });
  const go = button(
    "Compare",
    () => {
      if (!select.value) return;
      result.replaceChildren(el("p", { class: "muted" }, "Comparing…"));
      compareRuns(runId, select.value).then(
        (comparison) => result.replaceChildren(renderComparison(comparison)),
        (error: unknown) => {
          result.replaceChildren(
            el(
              "p",
              { class: "error-text" },
              `Could not compare: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
          onError(error);
        },
      );
    },
    { testid: "compare-go" },
  );
  return {
    element: el("div", { class: "compare" }, el("div", { class: "compare-bar" }, select, go), result),
    update,
  };
}

/** Two runs side by side, step by step: the JSON paths whose values differ, both values next to each other. */
export function renderComparison(comparison: RunComparison): HTMLElement {
  const { a, b } = comparison;
  const head = (run: RunComparison["a"], side: string) =>
    el(
      "div",
      { class: `compare-head side-${side}` },
      el("a", { href: `#/runs/${encodeURIComponent(run.id)}` }, `${side.toUpperCase()}: ${run.name}`),
      " ",
      statusBadge(run.status),
      el("div", { class: "muted" }, run.id),
    );
  const box = el(
    "section",
    { class: "compare-view", testid: "compare-view" },
    el("div", { class: "compare-grid compare-heads" }, head(a, "a"), head(b, "b")),
  );
  if (comparison.steps.every((step) => step.request.length === 0 && step.answer.length === 0))
    box.append(
      el("p", { class: "muted", testid: "compare-same" }, "The runs' requests and answers are the same."),
    );
  for (const step of comparison.steps) {
    const section = el(
      "div",
      { class: "compare-step", testid: "compare-step" },
      el("h4", {}, `Step ${step.step}`),
    );
    section.dataset.step = String(step.step);
    section.append(differences("request", step.request), differences("answer", step.answer));
    box.append(section);
  }
  return box;
}

function differences(part: string, diffs: readonly ValueDifference[]): HTMLElement {
  if (diffs.length === 0) return el("p", { class: "muted" }, `${part}: the same`);
  const table = el(
    "div",
    { class: "diff-table" },
    el("div", { class: "diff-part" }, `${part}: ${diffs.length} difference${diffs.length === 1 ? "" : "s"}`),
  );
  for (const diff of diffs) {
    const path = el("code", { class: "diff-path", testid: "diff-path" }, diff.path);
    path.dataset.part = part;
    table.append(
      el(
        "div",
        { class: "diff-row" },
        path,
        el(
          "div",
          { class: "compare-grid" },
          el("pre", { class: "json side-a" }, show(diff.a)),
          el("pre", { class: "json side-b" }, show(diff.b)),
        ),
      ),
    );
  }
  return table;
}

const show = (value: unknown) => (value === undefined ? "(absent)" : formatJson(value));
