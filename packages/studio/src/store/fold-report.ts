import type { Report, ReportOf } from "../protocol/reports.js";
import type { StepRecord } from "../protocol/run-record.js";
import { addCall, addStep, countUsage } from "./entry-updates.js";
import { foldEvent } from "./fold-event.js";
import { foldGraphProgress } from "./fold-graph.js";
import { newAgentRecord, newGraphRecord } from "./new-record.js";
import type { RunEntry, StoreAccess } from "./run-entry.js";
import { shareMessage } from "./share-request.js";

/**
 * Folds one report into the store's runs. A report for a run the store does not know (its start was
 * dropped, or the run was) is ignored, as is a run's second start.
 */
export function foldReport(store: StoreAccess, report: Report, clientId: string): void {
  switch (report.kind) {
    case "run-start":
      startRun(store, report, clientId);
      return;
    case "graph-start":
      if (!store.entry(report.runId)) store.add(newGraphRecord(report, clientId));
      return;
    case "event":
      foldEvent(store, report.event, report.at);
      return;
  }
  const entry = store.entry(report.runId);
  if (!entry) return;
  switch (report.kind) {
    case "model-call-start":
      startStep(store, entry, report);
      break;
    case "first-chunk": {
      const step = entry.steps.get(report.step);
      if (step) step.firstChunkAt = report.at;
      break;
    }
    case "model-retry":
      entry.steps.get(report.step)?.retries.push({
        at: report.at,
        attempt: report.attempt,
        delayMs: report.delayMs,
        code: report.code,
        message: report.message,
      });
      break;
    case "model-call-end":
      endStep(entry, report);
      break;
    case "tool-start":
      startCall(store, entry, report);
      break;
    case "tool-end":
      endCall(entry, report);
      break;
    case "graph-progress":
      foldGraphProgress(entry, report);
      break;
  }
  store.changed(entry.record.id);
}

function startRun(store: StoreAccess, report: ReportOf<"run-start">, clientId: string): void {
  if (store.entry(report.runId)) return;
  store.add(newAgentRecord(report, clientId));
  const parent = report.parent && store.entry(report.parent.runId);
  if (!parent) return;
  parent.record.children.push(report.runId);
  const call = parent.calls.get(report.parent?.toolUseId ?? "");
  if (call) call.childRunId = report.runId;
  store.changed(parent.record.id);
}

function startStep(store: StoreAccess, entry: RunEntry, report: ReportOf<"model-call-start">): void {
  const step: StepRecord = {
    step: report.step,
    agentPath: entry.speaker,
    modelId: report.request?.modelId ?? entry.record.modelId ?? "",
    startedAt: report.at,
    retries: [],
    guardrail: [],
  };
  if (report.request) step.request = store.sharing.share(report.request, entry.seenMessages);
  addStep(entry, step);
}

function endStep(entry: RunEntry, report: ReportOf<"model-call-end">): void {
  const step = entry.steps.get(report.step);
  if (!step) return;
  step.endedAt = report.at;
  const outcome = report.outcome;
  if (outcome.status === "failed") {
    step.error = outcome.error;
    entry.record.error ??= outcome.error;
    return;
  }
  const message = outcome.message ? shareMessage(outcome.message, entry.seenMessages) : outcome.message;
  step.answer = { message, stopReason: outcome.stopReason, usage: outcome.usage };
  if (outcome.requestId !== undefined) step.answer.requestId = outcome.requestId;
  countUsage(entry, step);
}

function startCall(store: StoreAccess, entry: RunEntry, report: ReportOf<"tool-start">): void {
  addCall(entry, {
    step: report.step,
    toolUseId: report.toolUseId,
    toolName: report.toolName,
    agentPath: entry.speaker,
    input: report.input,
    startedAt: report.at,
  });
  // A sub-run that reported its start before its caller's call (reports from two watchers) still links.
  const call = entry.calls.get(report.toolUseId);
  for (const childId of entry.record.children) {
    if (call && store.entry(childId)?.record.parent?.toolUseId === report.toolUseId)
      call.childRunId = childId;
  }
}

function endCall(entry: RunEntry, report: ReportOf<"tool-end">): void {
  const call = entry.calls.get(report.toolUseId);
  if (!call) return;
  call.endedAt = report.at;
  if (report.outcome.status === "pending") {
    call.status = "pending";
    return;
  }
  call.status = report.outcome.status;
  call.content = report.outcome.content;
}
