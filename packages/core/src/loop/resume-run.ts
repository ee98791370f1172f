import type { UnstampedEvent } from "../contracts/agent-event.js";
import type {
  CheckpointedCall,
  CheckpointPhase,
  RunCheckpoint,
  RunResumption,
} from "../contracts/checkpoint.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import { speakAs } from "../handoffs/active-agent.js";
import type { AssembledToolUse } from "../model/tool-input.js";
import { closingNote } from "./closing-notes.js";
import type { LoopState } from "./run-checkpoints.js";
import type { RunContext } from "./run-context.js";
import type { RunTally } from "./run-tally.js";
import { runToolStep } from "./run-tool-step.js";
import { toolUsesOf } from "./tool-uses-of.js";
import type { Transcript } from "./transcript.js";

/** What a call in flight when its process died is answered with, when its tool is not idempotent. */
export const INTERRUPTED_CALL =
  "This call was interrupted: the process running it stopped before it answered, so it may or may not " +
  "have taken effect. It was not run again, because the tool is not marked idempotent.";

/** The step a checkpoint resumes at: the step whose tools were running, else the last one taken. */
export function resumedStepOf(checkpoint: RunCheckpoint): number {
  return checkpoint.phase.kind === "tools" ? checkpoint.phase.step : checkpoint.steps.length;
}

/** Where a resumed run stands once its checkpoint is restored. */
export interface Resumed extends LoopState {
  /** The loop had ended (or ends now, with the resumed step's tools): only the session's write is left. */
  ended?: Extract<CheckpointPhase, { kind: "ended" }>;
}

/**
 * Restores a run from its checkpoint: its messages so far and its steps. A step whose tools were running
 * is finished: answered calls keep their answers, calls that never started run now, and a call in flight
 * runs again if its tool is idempotent and is answered as interrupted otherwise.
 */
export async function* resumeRun(
  ctx: RunContext,
  { checkpoint, calls }: RunResumption,
  transcript: Transcript,
  tally: RunTally,
): AsyncGenerator<UnstampedEvent, Resumed> {
  transcript.append(...checkpoint.messages);
  tally.restore(checkpoint.steps);
  if (checkpoint.handoff) {
    const { count, ...view } = checkpoint.handoff;
    speakAs(ctx, view);
    ctx.handoffs.count = count;
  }
  const state: Resumed = {
    failedOutputs: checkpoint.failedOutputs,
    forceOutputTool: checkpoint.forceOutputTool,
  };
  const { phase } = checkpoint;
  if (phase.kind === "ended") return { ...state, ended: phase };
  if (phase.kind === "between-steps") return state;

  for (const warning of await ctx.toolBox.refresh(ctx.signal)) yield { type: "warning", ...warning };
  const toolUses = toolUsesOf(phase.message);
  const answered = yield* answersKept(ctx, phase.step, toolUses, calls);
  const tools = yield* runToolStep(ctx, phase.step, toolUses, answered);
  const record = tally.steps.at(-1);
  if (record) record.toolCalls = tools.records;
  const stopReason = record?.stopReason ?? "tool_use";
  if (!tools.resultMessage) {
    const paused = { message: phase.message, answered: tools.records, waiting: tools.waiting };
    return { ...state, ended: { kind: "ended", stopReason: "awaiting_approval", output: undefined, paused } };
  }
  transcript.append(phase.message, tools.resultMessage);
  // The model's message went out before the checkpoint: only its results are new.
  yield { type: "message", message: tools.resultMessage };
  yield { type: "step-end", stopReason, usage: record?.usage ?? tally.progress().usage };
  // Finished on the output tool: the run ends as the loop ends one, its history closed by the same note.
  if (tools.output?.accepted) {
    transcript.closeTurn(closingNote({ kind: "output" }));
    return { ...state, ended: { kind: "ended", stopReason: "end_turn", output: tools.output.value } };
  }
  if (tools.output) state.failedOutputs += 1;
  return state;
}

/** The calls of the step that need no run now: those answered, and those interrupted (answered here). */
async function* answersKept(
  ctx: RunContext,
  step: number,
  toolUses: readonly AssembledToolUse[],
  calls: readonly CheckpointedCall[],
): AsyncGenerator<UnstampedEvent, ToolCallRecord[]> {
  const known = new Map(calls.map((call) => [call.toolUseId, call]));
  const kept: ToolCallRecord[] = [];
  for (const use of toolUses) {
    const call = known.get(use.toolUseId);
    if (!call) continue;
    const input = use.input === undefined ? use.rawInput : use.input;
    const base = { step, toolUseId: use.toolUseId, toolName: use.toolName, input, agentPath: ctx.agentPath };
    if (call.state === "answered") {
      kept.push({ ...base, status: call.status, content: call.content, durationMs: call.durationMs });
      continue;
    }
    if (ctx.toolBox.get(use.toolName)?.idempotent) continue;
    const interrupted: ToolCallRecord = {
      ...base,
      status: "error",
      content: [{ text: INTERRUPTED_CALL }],
      durationMs: 0,
    };
    kept.push(interrupted);
    const { toolUseId, toolName, status, content, durationMs } = interrupted;
    yield { type: "tool-result", toolUseId, toolName, status, content, durationMs };
  }
  return kept;
}
