import type { Message, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ApprovalRequest } from "./approval.js";
import type { RunStopReason, StepResult, ToolCallRecord } from "./run-result.js";
import type { ToolResultStatus } from "./tool-answer.js";

/**
 * A run's state at a step boundary, from which the run can go on in another process after its own died
 * (durable runs, `@lode/durable`). Plain data: bytes stay `Uint8Array`s, for the checkpointer to encode.
 */
export interface RunCheckpoint {
  /** The format of this record. */
  version: 1;
  runId: string;
  sessionId: string | undefined;
  /** What the run added to its conversation so far, its input first; not yet written to the session. */
  messages: Message[];
  /** The steps taken so far. */
  steps: StepResult[];
  /** Structured-output answers refused so far, and whether the next step must call the output tool. */
  failedOutputs: number;
  forceOutputTool: boolean;
  phase: CheckpointPhase;
  /**
   * Set once the run (or its session) was handed to another agent: who speaks, and what it sees of what
   * came before; with the run's count of handoffs. A resumed run speaks as that agent.
   */
  handoff?: CheckpointedHandoff;
}

/** Where the run stood when it was checkpointed. */
/** The agent speaking in a checkpointed run that handed over, as the session keeps it (`lode:active-agent`). */
export interface CheckpointedHandoff {
  agent: string;
  from: string;
  since: number;
  dropReasoning: boolean;
  /** Handoffs the run made so far (toward its `maxHandoffs`). */
  count: number;
}

export type CheckpointPhase =
  /** Between two steps: the next one calls the model. */
  | { kind: "between-steps" }
  /**
   * The model's message of `step` asked for tools, which were starting: each call's progress is kept
   * apart (`callStarted`, `callAnswered`), so a resumed run never runs an answered call again.
   */
  | { kind: "tools"; step: number; message: Message }
  /** The loop ended; what is left is writing the session (which is safe to repeat). */
  | {
      kind: "ended";
      stopReason: RunStopReason;
      output: unknown;
      /** Calls left waiting for approval, when the run ended `awaiting_approval`. */
      paused?: { message: Message; answered: ToolCallRecord[]; waiting: ApprovalRequest[] };
    };

/** A tool call's answer as a checkpoint keeps it. */
export interface CheckpointedAnswer {
  toolUseId: string;
  status: ToolResultStatus;
  content: ToolResultContentBlock[];
  durationMs: number;
}

/** What is known of one call of the step in progress: it started, or it was answered. */
export type CheckpointedCall =
  | { toolUseId: string; state: "started" }
  | ({ state: "answered" } & CheckpointedAnswer);

/**
 * Keeps a run's checkpoints (a Redis hash in `@lode/durable`). The loop awaits each write: a run whose
 * state cannot be kept fails (`store-failed`) rather than going on unrecoverable.
 */
export interface RunCheckpointer {
  /** Replaces the run's checkpoint; the calls of the step before are forgotten with it. */
  save(checkpoint: RunCheckpoint): Promise<void>;
  /** A call of the step in progress is about to run its tool (after its checks and approval). */
  callStarted(runId: string, toolUseId: string): Promise<void>;
  /** A call of the step in progress was answered. */
  callAnswered(runId: string, answer: CheckpointedAnswer): Promise<void>;
}

/** What a run resumes from: its last checkpoint and what is known of the calls of its step in progress. */
export interface RunResumption {
  checkpoint: RunCheckpoint;
  calls: CheckpointedCall[];
}
