import type { RunMark, RunRecord, StepRecord, ToolCallView } from "../protocol/run-record.js";
import { el } from "./dom.js";
import { formatDuration, formatPath } from "./format.js";
import { statusBadge } from "./status-badge.js";

/** A time window the bars are drawn in: `[from, to]`, in the reporter's milliseconds. */
interface Span {
  from: number;
  to: number;
}

/** Where the run's step `n` is shown: the route the step bars link to. */
export const stepHref = (runId: string, step: number) => `#/runs/${encodeURIComponent(runId)}/step/${step}`;

/**
 * The run's timeline: each step's model call as a bar (time to first token and retries marked), its tool
 * calls as bars under it (parallel calls overlap), the sub-agents' runs nested under the call that ran
 * them, handoffs and approvals as marks, a graph's tasks as bars. `children` holds the child runs fetched.
 */
export function renderTimeline(
  run: RunRecord,
  children: ReadonlyMap<string, RunRecord>,
  selectedStep: number | undefined,
): HTMLElement {
  const span = spanOf(run, children);
  const box = el("div", { class: "timeline", testid: "timeline", role: "list" });
  box.append(axis(span));
  if (run.graph) for (const task of run.graph.tasks) box.append(taskRow(task, span));
  appendRun(box, run, children, span, 0, selectedStep, new Set([run.id]));
  // Children no call of the run points at (a graph's agent nodes) come after, each with its own steps.
  const linked = new Set(run.calls.map((call) => call.childRunId));
  for (const id of run.children) {
    if (linked.has(id)) continue;
    appendChild(box, id, children, span, 1, new Set([run.id]));
  }
  if (run.steps.length === 0 && run.children.length === 0 && !run.graph?.tasks.length)
    box.append(el("p", { class: "empty-note" }, "No model call yet."));
  return box;
}

function appendRun(
  box: HTMLElement,
  run: RunRecord,
  children: ReadonlyMap<string, RunRecord>,
  span: Span,
  depth: number,
  selectedStep: number | undefined,
  seen: Set<string>,
): void {
  const main = depth === 0;
  const marksByStep = groupBy(run.marks, (mark) => mark.step);
  for (const step of [...run.steps].sort((a, b) => a.step - b.step)) {
    box.append(stepRow(run, step, span, depth, main, step.step === selectedStep));
    for (const mark of marksByStep.get(step.step) ?? []) box.append(markRow(mark, span, depth));
    const calls = run.calls
      .filter((call) => call.step === step.step)
      .sort((a, b) => a.startedAt - b.startedAt);
    for (const call of calls) {
      box.append(toolRow(call, span, depth, main));
      if (call.childRunId && !seen.has(call.childRunId))
        appendChild(box, call.childRunId, children, span, depth + 1, seen);
    }
  }
  const stepsShown = new Set(run.steps.map((step) => step.step));
  for (const [step, marks] of marksByStep)
    if (!stepsShown.has(step)) for (const mark of marks) box.append(markRow(mark, span, depth));
}

/** A sub-agent's (or agent node's) run: a header row linking to it, then its own steps, one level in. */
function appendChild(
  box: HTMLElement,
  id: string,
  children: ReadonlyMap<string, RunRecord>,
  span: Span,
  depth: number,
  seen: Set<string>,
): void {
  seen.add(id);
  const child = children.get(id);
  const label = child ? formatPath(child.agentPath) : id;
  const header = row(
    "child",
    depth,
    el("a", { href: `#/runs/${encodeURIComponent(id)}`, class: "child-link" }, `↳ ${label}`),
  );
  header.dataset.testid = "child-run";
  header.dataset.runId = id;
  if (child) {
    header.querySelector(".row-label")?.append(statusBadge(child.status));
    header.querySelector(".track")?.append(bar(child.startedAt, child.endedAt, span, "bar child-bar"));
    box.append(header);
    appendRun(box, child, children, span, depth, undefined, seen);
  } else box.append(header);
}

function stepRow(
  run: RunRecord,
  step: StepRecord,
  span: Span,
  depth: number,
  main: boolean,
  selected: boolean,
): HTMLElement {
  const label = `Step ${step.step} · ${formatPath(step.agentPath)}`;
  const line = row("step", depth, el("span", { class: "step-label", title: step.modelId }, label));
  const link = el("a", {
    class: `bar step-bar${step.error ? " failed" : ""}${step.endedAt === undefined ? " open" : ""}${selected ? " selected" : ""}`,
    testid: main ? "step-bar" : "child-step-bar",
    href: stepHref(run.id, step.step),
    "aria-label": `${label}: model call, ${formatDuration(duration(step))}${step.retries.length ? `, ${step.retries.length} retries` : ""}`,
    "aria-current": selected ? "true" : undefined,
  });
  place(link, step.startedAt, step.endedAt, span);
  link.dataset.step = String(step.step);
  link.append(el("span", { class: "bar-text" }, formatDuration(duration(step))));
  if (step.firstChunkAt !== undefined) {
    const mark = el("span", {
      class: "tick ttft-mark",
      testid: "ttft-mark",
      title: `first token after ${formatDuration(step.firstChunkAt - step.startedAt)}`,
    });
    mark.style.left = `${inner(step.firstChunkAt, step)}%`;
    link.append(mark);
  }
  for (const retry of step.retries) {
    const mark = el("span", {
      class: "tick retry-mark",
      testid: main ? "retry-mark" : "child-retry-mark",
      title: `retry ${retry.attempt} after ${retry.code}: ${retry.message} (waited ${formatDuration(retry.delayMs)})`,
    });
    mark.dataset.code = retry.code;
    mark.style.left = `${inner(retry.at, step)}%`;
    link.append(mark);
  }
  line.querySelector(".track")?.append(link);
  if (step.retries.length)
    line
      .querySelector(".row-label")
      ?.append(
        el(
          "span",
          { class: "retry-count" },
          `${step.retries.length} retr${step.retries.length === 1 ? "y" : "ies"}: ${step.retries.map((r) => r.code).join(", ")}`,
        ),
      );
  return line;
}

function toolRow(call: ToolCallView, span: Span, depth: number, main: boolean): HTMLElement {
  const line = row("tool", depth + 0.5, el("span", { class: "tool-label" }, call.toolName));
  const status = call.status ?? "pending";
  const element = bar(call.startedAt, call.endedAt, span, `bar tool-bar status-${status}`);
  element.dataset.testid = main ? "tool-bar" : "child-tool-bar";
  element.dataset.toolUseId = call.toolUseId;
  element.dataset.status = status;
  element.title = `${call.toolName}: ${status}, ${formatDuration(call.endedAt === undefined ? undefined : call.endedAt - call.startedAt)}`;
  element.append(
    el(
      "span",
      { class: "bar-text" },
      `${call.toolName} ${formatDuration(call.endedAt === undefined ? undefined : call.endedAt - call.startedAt)}`,
    ),
  );
  line.querySelector(".track")?.append(element);
  return line;
}

function markRow(mark: RunMark, span: Span, depth: number): HTMLElement {
  const text =
    mark.kind === "handoff"
      ? `handoff ${mark.from} → ${mark.to}${mark.reason ? `: ${mark.reason}` : ""}`
      : mark.kind === "approval-requested"
        ? `approval asked: ${mark.toolName}`
        : mark.kind === "approval-decided"
          ? `${mark.approved ? "approved" : "denied"} by ${mark.decidedBy}${mark.reason ? `: ${mark.reason}` : ""}`
          : `warning (${mark.source}): ${mark.message}`;
  const line = row("mark", depth + 0.5, el("span", { class: "mark-label" }, text));
  const flag = el("span", { class: `flag flag-${mark.kind}`, testid: `${mark.kind}-mark`, title: text });
  flag.style.left = `${percent(mark.at, span)}%`;
  line.querySelector(".track")?.append(flag);
  return line;
}

function taskRow(task: NonNullable<RunRecord["graph"]>["tasks"][number], span: Span): HTMLElement {
  const line = row("task", 0, el("span", { class: "task-label" }, `${task.node} · step ${task.step}`));
  const element = bar(task.startedAt, task.endedAt, span, `bar task-bar status-${task.status}`);
  element.dataset.testid = "graph-task";
  element.dataset.node = task.node;
  element.dataset.status = task.status;
  element.append(el("span", { class: "bar-text" }, task.status));
  line.querySelector(".track")?.append(element);
  return line;
}

function row(kind: string, depth: number, label: HTMLElement): HTMLElement {
  // Labels are cut to one line on narrow screens: the whole text stays readable on hover.
  label.title ||= label.textContent ?? "";
  const line = el(
    "div",
    { class: `tl-row tl-${kind}`, role: "listitem" },
    el("div", { class: "row-label" }, label),
    el("div", { class: "track" }),
  );
  line.style.setProperty("--depth", String(depth));
  return line;
}

function bar(from: number, to: number | undefined, span: Span, className: string): HTMLElement {
  const element = el("span", { class: `${className}${to === undefined ? " open" : ""}` });
  place(element, from, to, span);
  return element;
}

function place(element: HTMLElement, from: number, to: number | undefined, span: Span): void {
  const left = percent(from, span);
  const right = percent(to ?? span.to, span);
  element.style.left = `${left}%`;
  element.style.width = `${Math.max(right - left, 0.4)}%`;
}

function percent(at: number, span: Span): number {
  const width = Math.max(span.to - span.from, 1);
  return Math.min(100, Math.max(0, ((at - span.from) / width) * 100));
}

/** A time inside a step's bar, as a percentage of the bar. */
function inner(at: number, step: StepRecord): number {
  const end = step.endedAt ?? Math.max(at, Date.now());
  return Math.min(100, Math.max(0, ((at - step.startedAt) / Math.max(end - step.startedAt, 1)) * 100));
}

const duration = (step: StepRecord) =>
  step.endedAt === undefined ? undefined : step.endedAt - step.startedAt;

function spanOf(run: RunRecord, children: ReadonlyMap<string, RunRecord>): Span {
  const runs = [run, ...run.children.map((id) => children.get(id)).filter((child) => child !== undefined)];
  const times = runs.flatMap((r) => [
    r.startedAt,
    r.endedAt ?? Date.now(),
    ...r.calls.map((c) => c.endedAt ?? c.startedAt),
  ]);
  return { from: Math.min(...times), to: Math.max(...times, run.startedAt + 1) };
}

function axis(span: Span): HTMLElement {
  const track = el("div", { class: "track axis-track" });
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const tick = el("span", { class: "axis-tick" }, formatDuration((span.to - span.from) * fraction));
    tick.style.left = `${fraction * 100}%`;
    track.append(tick);
  }
  return el(
    "div",
    { class: "tl-row tl-axis", "aria-hidden": "true" },
    el("div", { class: "row-label" }, "time"),
    track,
  );
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
