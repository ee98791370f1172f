import { emptyUsage } from "@lode/core";
import type { ReportOf } from "../protocol/reports.js";
import type { RunRecord } from "../protocol/run-record.js";

/** A run's record as its `run-start` report opens it: running, nothing done yet. */
export function newAgentRecord(report: ReportOf<"run-start">, clientId: string): RunRecord {
  const record: RunRecord = {
    id: report.runId,
    kind: "agent",
    name: report.agentName ?? "agent",
    agentPath: report.agentPath,
    clientId,
    status: "running",
    startedAt: report.at,
    modelId: report.modelId,
    modelCalls: 0,
    toolCalls: 0,
    usage: emptyUsage(),
    waiting: 0,
    resumable: report.resumable,
    input: [],
    steps: [],
    calls: [],
    marks: [],
    pendingApprovals: [],
    children: [],
  };
  if (report.parent) record.parent = report.parent;
  if (report.sessionId !== undefined) record.sessionId = report.sessionId;
  if (report.rerunOf !== undefined) record.rerunOf = report.rerunOf;
  return record;
}

/** A graph run's record as its `graph-start` report opens it. */
export function newGraphRecord(report: ReportOf<"graph-start">, clientId: string): RunRecord {
  const record: RunRecord = {
    id: report.runId,
    kind: "graph",
    name: report.graph,
    agentPath: [report.graph],
    clientId,
    status: "running",
    startedAt: report.at,
    modelCalls: 0,
    toolCalls: 0,
    usage: emptyUsage(),
    waiting: 0,
    resumable: false,
    input: [],
    steps: [],
    calls: [],
    marks: [],
    pendingApprovals: [],
    children: [],
    graph: { mermaid: report.mermaid, tasks: [] },
  };
  if (report.sessionId !== undefined) record.sessionId = report.sessionId;
  return record;
}
