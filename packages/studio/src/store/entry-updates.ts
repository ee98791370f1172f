import { addUsage } from "@lode/core";
import type { StepRecord, ToolCallView } from "../protocol/run-record.js";
import type { RunEntry } from "./run-entry.js";

/** Adds a step to a run, or replaces the one of the same number (a step told twice). */
export function addStep(entry: RunEntry, step: StepRecord): void {
  const known = entry.steps.get(step.step);
  if (known) entry.record.steps[entry.record.steps.indexOf(known)] = step;
  else entry.record.steps.push(step);
  entry.steps.set(step.step, step);
  entry.record.modelCalls = entry.record.steps.length;
}

/** Adds a step's usage to its run's running total, once (the run's end replaces the total with its own). */
export function countUsage(entry: RunEntry, step: StepRecord): void {
  if (!step.answer || entry.counted.has(step.step)) return;
  entry.counted.add(step.step);
  entry.record.usage = addUsage(entry.record.usage, step.answer.usage);
}

/** Adds a tool call to a run, unless it has it already. */
export function addCall(entry: RunEntry, call: ToolCallView): void {
  if (entry.calls.has(call.toolUseId)) return;
  entry.calls.set(call.toolUseId, call);
  entry.record.calls.push(call);
  entry.record.toolCalls = entry.record.calls.length;
}
