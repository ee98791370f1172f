import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { RunRecord, StepRecord } from "../protocol/run-record.js";
import type { RecordedAnswer } from "./answer-events.js";

/** A step that can be played back: the exact request and the answer it got. */
export interface SavableStep {
  step: number;
  request: ConverseStreamRequest;
  answer: RecordedAnswer & { requestId?: string };
}

/**
 * The run's steps, when it can be played back from recordings; otherwise an Error whose message says why
 * (the page shows it as is). A run replays when it is one agent's finished run whose every model call was
 * captured whole and answered.
 */
export function savableSteps(record: RunRecord): SavableStep[] {
  const refuse = (why: string): never => {
    throw new Error(`This run cannot be replayed: ${why}`);
  };
  if (record.kind === "graph") refuse("it is a graph's run; save its agents' runs one by one.");
  if (record.status === "running") refuse("it is still running.");
  if (record.status === "awaiting_approval")
    refuse("it ended waiting for approval, so its waiting tool calls have no recorded result.");
  if (record.steps.length === 0) refuse("it made no model call.");
  if (record.marks.some((mark) => mark.kind === "handoff"))
    refuse("it handed the conversation to another agent (handoffs are not supported yet).");
  if (record.children.length > 0 || record.calls.some((call) => call.childRunId !== undefined))
    refuse("it ran sub-agents (agents as tools are not supported yet).");
  const steps = record.steps.map((step) => savableStep(step, refuse));
  if (record.status === "failed")
    refuse(`it failed${record.error ? ` (${record.error.code}: ${record.error.message})` : ""}.`);
  return steps;
}

function savableStep(step: StepRecord, refuse: (why: string) => never): SavableStep {
  if (!step.request)
    return refuse(
      `step ${step.step}'s request was not captured (content capture was off: run with captureContent on to save it).`,
    );
  if (step.error)
    return refuse(`step ${step.step}'s model call failed (${step.error.code}: ${step.error.message}).`);
  if (!step.answer) return refuse(`step ${step.step}'s model call has no answer.`);
  const { message, stopReason, usage, requestId } = step.answer;
  return {
    step: step.step,
    request: step.request,
    answer: { message, stopReason, usage, ...(requestId ? { requestId } : {}) },
  };
}
