import type {
  CitationsDelta,
  Message,
  StopReason,
  ToolResultContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { LodeErrorCode } from "../errors/lode-error.js";
import type { GuardrailIntervention } from "../loop/guardrail-intervention.js";
import type { RunResult, StepUsage } from "../loop/run-result.js";
import type { ToolResultStatus } from "../tools/tool.js";

/** Fields every event carries. */
interface EventBase {
  /** The run this event belongs to. */
  runId: string;
  /** 1-based model step; 0 before the first step starts. */
  step: number;
}

/**
 * Everything a run reports, as one flat union discriminated by `type`. Deltas of one content block share
 * an `id` (`"{step}:{contentBlockIndex}"`), tool events share the `toolUseId`.
 */
export type AgentEvent =
  | (EventBase & { type: "run-start"; input: Message[]; sessionId?: string })
  | (EventBase & { type: "step-start" })
  | (EventBase & { type: "text-delta"; id: string; text: string })
  | (EventBase & { type: "reasoning-delta"; id: string; text: string })
  | (EventBase & { type: "reasoning-signature"; id: string; signature: string })
  | (EventBase & { type: "reasoning-redacted"; id: string; data: Uint8Array })
  | (EventBase & { type: "citation"; id: string; citation: CitationsDelta })
  | (EventBase & { type: "tool-input-start"; toolUseId: string; toolName: string })
  | (EventBase & {
      type: "tool-input-delta";
      toolUseId: string;
      /** The raw JSON piece Bedrock sent. */
      delta: string;
      /** A best-effort parse of the input so far, for showing arguments as they form. */
      partialInput: unknown;
    })
  | (EventBase & { type: "tool-call"; toolUseId: string; toolName: string; input: unknown })
  | (EventBase & { type: "tool-progress"; toolUseId: string; toolName: string; data: unknown })
  | (EventBase & {
      type: "tool-result";
      toolUseId: string;
      toolName: string;
      status: ToolResultStatus;
      content: ToolResultContentBlock[];
      durationMs: number;
    })
  | (EventBase & { type: "message"; message: Message })
  | (EventBase & { type: "guardrail"; intervention: GuardrailIntervention })
  | (EventBase & { type: "usage"; usage: StepUsage })
  | (EventBase & {
      type: "retry";
      attempt: number;
      delayMs: number;
      code: LodeErrorCode;
      message: string;
      /** Deltas already sent for this step are void: the step starts again. */
      discardsPartialStep: boolean;
    })
  | (EventBase & { type: "step-end"; stopReason: StopReason | string; usage: StepUsage })
  | (EventBase & { type: "run-end"; result: RunResult<unknown> })
  | (EventBase & { type: "run-error"; code: LodeErrorCode; message: string; error: Error });

/** The `type` of every event. */
export type AgentEventType = AgentEvent["type"];

/** The event of one `type`: `EventOf<"text-delta">`. */
export type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

/** The events as `eventemitter3` emits them: one event name per `type`, plus `"event"` for all. */
export type AgentEventMap = { [T in AgentEventType]: [EventOf<T>] } & { event: [AgentEvent] };
