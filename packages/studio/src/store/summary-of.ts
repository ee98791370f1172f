import type { RunRecord, RunSummary } from "../protocol/run-record.js";

/** A run's row for the list: the summary fields of its record, none of its steps. */
export function summaryOf(record: RunRecord, resumable: boolean): RunSummary {
  const summary: RunSummary = {
    id: record.id,
    kind: record.kind,
    name: record.name,
    agentPath: record.agentPath,
    clientId: record.clientId,
    status: record.status,
    startedAt: record.startedAt,
    modelCalls: record.modelCalls,
    toolCalls: record.toolCalls,
    usage: record.usage,
    waiting: record.waiting,
    resumable,
  };
  // Optional fields are left out when unset, as JSON would leave them.
  if (record.parent) summary.parent = record.parent;
  if (record.sessionId !== undefined) summary.sessionId = record.sessionId;
  if (record.modelId !== undefined) summary.modelId = record.modelId;
  if (record.stopReason !== undefined) summary.stopReason = record.stopReason;
  if (record.endedAt !== undefined) summary.endedAt = record.endedAt;
  if (record.cost) summary.cost = record.cost;
  if (record.error) summary.error = record.error;
  if (record.preview !== undefined) summary.preview = record.preview;
  if (record.rerunOf !== undefined) summary.rerunOf = record.rerunOf;
  if (record.resumes !== undefined) summary.resumes = record.resumes;
  if (record.resumedBy !== undefined) summary.resumedBy = record.resumedBy;
  return summary;
}
