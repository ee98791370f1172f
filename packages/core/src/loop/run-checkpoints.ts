import type { CheckpointPhase, RunCheckpointer } from "../contracts/checkpoint.js";
import { describeError } from "../errors/describe-error.js";
import { LodeError } from "../errors/lode-error.js";
import { callStore } from "../memory/call-store.js";
import type { RunContext } from "./run-context.js";
import type { RunTally } from "./run-tally.js";
import type { Transcript } from "./transcript.js";

/** What the loop carries from step to step besides its transcript and tally. */
export interface LoopState {
  failedOutputs: number;
  forceOutputTool: boolean;
}

/**
 * Writes a checkpointed run's state at each boundary of the loop (before each step, when a step's tools
 * start, when the loop ends); does nothing for a run without a checkpointer. A write that fails fails the
 * run with `store-failed`: a durable run that goes on without its checkpoints could not be resumed.
 */
export class RunCheckpoints {
  constructor(
    private readonly ctx: RunContext,
    private readonly transcript: Transcript,
    private readonly tally: RunTally,
  ) {}

  /** Writes the checkpoint of `phase`; a run without a checkpointer has nothing to write, and no promise is made. */
  save(phase: CheckpointPhase, state: LoopState): Promise<void> | undefined {
    this.throwIfFailed();
    const { checkpointer } = this.ctx;
    return checkpointer ? this.write(checkpointer, phase, state) : undefined;
  }

  private async write(
    checkpointer: RunCheckpointer,
    phase: CheckpointPhase,
    state: LoopState,
  ): Promise<void> {
    const { runId, sessionId } = this.ctx;
    const checkpoint = {
      version: 1 as const,
      runId,
      sessionId,
      messages: [...this.transcript.messages],
      steps: [...this.tally.steps],
      failedOutputs: state.failedOutputs,
      forceOutputTool: state.forceOutputTool,
      phase,
      ...(this.ctx.handoffs.view
        ? { handoff: { ...this.ctx.handoffs.view, count: this.ctx.handoffs.count } }
        : {}),
    };
    // Bounded like every store call: by the run's signal and the store time limit.
    const bounds = { signal: this.ctx.signal, timeoutMs: this.ctx.storeTimeoutMs };
    await callStore(
      "save the run's checkpoint",
      bounds,
      () => checkpointer.save(checkpoint),
      "run checkpointer",
    );
  }

  /**
   * Fails the run if a tool call's checkpoint could not be written (unless the run was stopped, which
   * abandons those writes and is reported as the stop it is).
   */
  throwIfFailed(): void {
    const failure = this.ctx.checkpointFailure;
    if (failure === undefined || this.ctx.signal.aborted) return;
    throw LodeError.isInstance(failure)
      ? failure
      : new LodeError("store-failed", `The run checkpointer failed: ${describeError(failure)}`, {
          cause: failure,
        });
  }
}
