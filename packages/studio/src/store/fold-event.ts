import { type AgentEvent, addCost, addUsage, type EventOf } from "@lode/core";
import type { RunRecord } from "../protocol/run-record.js";
import { addCall, addStep, countUsage } from "./entry-updates.js";
import { previewOf, type RunEntry, type StoreAccess, searchTextOf } from "./run-entry.js";

/**
 * Folds one event of a run. The seams' reports carry the steps and calls; the events add what only they
 * tell (the input, handoffs, approvals, warnings, guardrails, the end), and stand in for the seams for a
 * run followed from its events alone.
 */
export function foldEvent(store: StoreAccess, event: AgentEvent, at: number): void {
  const entry = typeof event?.runId === "string" ? store.entry(event.runId) : undefined;
  if (!entry) return;
  const { record } = entry;
  switch (event.type) {
    case "run-start":
      startRun(store, entry, event);
      break;
    case "step-start":
      if (!entry.steps.has(event.step)) {
        addStep(entry, {
          step: event.step,
          agentPath: entry.speaker,
          modelId: record.modelId ?? "",
          startedAt: at,
          retries: [],
          guardrail: [],
        });
      }
      break;
    case "message":
      entry.messages.set(event.step, event.message);
      break;
    case "step-end": {
      const step = entry.steps.get(event.step);
      if (!step || step.answer) break;
      const message = entry.messages.get(event.step) ?? { role: "assistant", content: [] };
      step.answer = { message, stopReason: event.stopReason, usage: event.usage };
      step.endedAt ??= at;
      countUsage(entry, step);
      break;
    }
    case "tool-call":
      addCall(entry, {
        step: event.step,
        toolUseId: event.toolUseId,
        toolName: event.toolName,
        agentPath: event.agentPath,
        input: event.input,
        startedAt: at,
      });
      break;
    case "tool-result": {
      const call = entry.calls.get(event.toolUseId);
      if (!call || (call.status !== undefined && call.status !== "pending")) break;
      call.status = event.status;
      call.content = event.content;
      call.endedAt ??= at;
      break;
    }
    case "handoff":
      record.marks.push({
        kind: "handoff",
        at,
        step: event.step,
        from: event.from,
        to: event.to,
        reason: event.reason,
      });
      entry.speaker = [...entry.speaker.slice(0, -1), event.to];
      break;
    case "approval-requested":
      record.marks.push({
        kind: "approval-requested",
        at,
        step: event.step,
        toolUseId: event.toolUseId,
        toolName: event.toolName,
      });
      break;
    case "approval-decided":
      record.marks.push({
        kind: "approval-decided",
        at,
        step: event.step,
        toolUseId: event.toolUseId,
        approved: event.approved,
        reason: event.reason,
        decidedBy: event.decidedBy,
      });
      break;
    case "warning":
      record.marks.push({
        kind: "warning",
        at,
        step: event.step,
        source: event.source,
        message: event.message,
      });
      break;
    case "guardrail": {
      const step = entry.steps.get(event.step) ?? record.steps.at(-1);
      step?.guardrail.push(event.intervention);
      break;
    }
    case "run-end":
      endRun(store, entry, event, at);
      break;
    case "run-error":
      entry.seenMessages.clear();
      record.status = "failed";
      record.stopReason = "error";
      record.error = { code: event.code, message: event.message };
      record.endedAt = at;
      break;
    default:
      return;
  }
  store.changed(record.id);
}

function startRun(store: StoreAccess, entry: RunEntry, event: EventOf<"run-start">): void {
  const { record } = entry;
  record.input = Array.isArray(event.input) ? event.input : [];
  const preview = previewOf(record.input);
  if (preview !== undefined) record.preview = preview;
  if (event.sessionId !== undefined) record.sessionId = event.sessionId;
  entry.search = searchTextOf(record);
  if (event.resumes === undefined) return;
  record.resumes = event.resumes;
  const resumed = store.entry(event.resumes);
  if (!resumed) return;
  // Its waiting calls are decided now: nothing is left to send them.
  resumed.record.resumedBy = record.id;
  resumed.record.waiting = 0;
  store.changed(resumed.record.id);
}

function endRun(store: StoreAccess, entry: RunEntry, event: EventOf<"run-end">, at: number): void {
  const { record } = entry;
  const result = event.result;
  entry.seenMessages.clear();
  record.status = result.stopReason === "awaiting_approval" ? "awaiting_approval" : "done";
  record.stopReason = result.stopReason;
  record.usage = result.usage;
  if (result.cost) record.cost = result.cost;
  record.text = result.text;
  record.pendingApprovals = result.pendingApprovals ?? [];
  record.waiting = record.resumedBy ? 0 : record.pendingApprovals.length;
  record.endedAt = at;
  for (const step of result.steps ?? []) {
    const known = entry.steps.get(step.step);
    if (known) {
      if (step.cost) known.cost = step.cost;
      continue;
    }
    // A run followed from its events alone, whose step events were lost: its result tells the steps.
    if (step.step === 0) continue;
    addStep(entry, {
      step: step.step,
      agentPath: step.agentPath,
      modelId: record.modelId ?? "",
      startedAt: record.startedAt,
      endedAt: at,
      answer: { message: step.message, stopReason: step.stopReason, usage: step.usage },
      retries: [],
      guardrail: [],
      ...(step.cost ? { cost: step.cost } : {}),
    });
  }
  addToGraph(store, record);
}

/** A graph's usage and cost are its agent nodes' runs': each adds its own as it ends. */
function addToGraph(store: StoreAccess, record: RunRecord): void {
  const graph = record.parent && store.entry(record.parent.runId);
  if (graph?.record.kind !== "graph") return;
  graph.record.usage = addUsage(graph.record.usage, record.usage);
  graph.record.modelCalls += record.modelCalls;
  if (record.cost)
    graph.record.cost = graph.record.cost ? addCost(graph.record.cost, record.cost) : record.cost;
  store.changed(graph.record.id);
}
