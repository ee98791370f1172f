import type { ConverseStreamRequest, Message } from "@aws-sdk/client-bedrock-runtime";
import type {
  AgentEvent,
  ApprovalDecision,
  GraphProgress,
  GraphRunStart,
  LodeErrorCode,
  ModelStopReason,
  RunStart,
  StepUsage,
  ToolCallOutcome,
} from "@lode/core";

/**
 * What a reporting process (an agent with `instrumentation: studio()`) tells the studio, in the order it
 * happened. Sent in batches (`ReportBatch`) as JSON whose bytes are `{ "$bytes": base64 }` (core's
 * `stringifyWithBytes`). Every report carries `at`: the reporter's `Date.now()` when it happened.
 */
export type Report =
  | (Omit<RunStart, "sendDecisions"> & {
      kind: "run-start";
      at: number;
      /** The reporter can send decisions on this run's waiting calls back to its session. */
      resumable: boolean;
      /** Set when the studio started this run itself (a re-run of another). */
      rerunOf?: string;
    })
  | {
      kind: "model-call-start";
      at: number;
      runId: string;
      step: number;
      /** The exact request (absent when content capture is off: then only its settings' keys are kept). */
      request: ConverseStreamRequest;
    }
  | { kind: "first-chunk"; at: number; runId: string; step: number }
  | {
      kind: "model-retry";
      at: number;
      runId: string;
      step: number;
      attempt: number;
      delayMs: number;
      code: LodeErrorCode;
      message: string;
    }
  | {
      kind: "model-call-end";
      at: number;
      runId: string;
      step: number;
      outcome:
        | {
            status: "answered";
            message: Message;
            stopReason: ModelStopReason;
            usage: StepUsage;
            requestId: string | undefined;
          }
        | { status: "failed"; error: ReportedError };
    }
  | {
      kind: "tool-start";
      at: number;
      runId: string;
      step: number;
      toolUseId: string;
      toolName: string;
      input: unknown;
    }
  | { kind: "tool-end"; at: number; runId: string; toolUseId: string; outcome: ToolCallOutcome }
  /**
   * An event of the run as it left the loop. Deltas (`text-delta`, `reasoning-delta`, `tool-input-delta`)
   * are coalesced by the reporter: at most one per block per batch, their texts joined.
   */
  | { kind: "event"; at: number; event: AgentEvent }
  | (GraphRunStart & { kind: "graph-start"; at: number })
  | {
      kind: "graph-progress";
      at: number;
      runId: string;
      progress: GraphProgress;
    };

/** The kinds of report: `ReportOf<"tool-end">`. */
export type ReportOf<K extends Report["kind"]> = Extract<Report, { kind: K }>;

/** An error as the studio shows it: Lode's code, the message, and what AWS said about it when it did. */
export interface ReportedError {
  code: LodeErrorCode | "unknown";
  message: string;
  /** Bedrock's request id, when AWS answered. */
  requestId?: string;
  /** The HTTP status AWS answered with. */
  httpStatus?: number;
  /** The AWS exception's name (`ValidationException`). */
  awsName?: string;
}

/** One POST to `/api/reports`. */
export interface ReportBatch {
  /** The reporting process: stable for its life (`${hostname}:${pid}:${random}`). */
  clientId: string;
  /** What the process is, for the studio's list (`node script.ts`, the process title). */
  clientName: string;
  /** Reports lost since the previous batch: the queue was full, or a batch failed to send. */
  dropped?: number;
  reports: Report[];
}

/** What the studio sends a reporter on its control channel (`GET /api/control?client=`, server-sent events). */
export type ControlMessage = {
  kind: "decisions";
  /** The run whose waiting calls are decided: the reporter resumes its session with them. */
  runId: string;
  decisions: ApprovalDecision[];
  /** Echoed back in the reporter's acknowledgement. */
  requestId: string;
};
