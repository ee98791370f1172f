import type {
  CitationsDelta,
  ImageFormat,
  Message,
  ToolResultContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { LodeErrorCode } from "../errors/lode-error.js";
import type { AgentPath, ParentRun } from "./agent-path.js";
import type { GuardrailIntervention } from "./guardrail-intervention.js";
import type { ModelStopReason, RunResult, StepUsage } from "./run-result.js";
import type { ToolResultStatus } from "./tool-answer.js";

export type { AgentPath, ParentRun } from "./agent-path.js";

/** Fields every event carries. */
export interface AgentEventBase {
  /** The run this event belongs to (a sub-agent's events carry its own run's id). */
  runId: string;
  /** 1-based model step of that run; 0 before its first step starts. */
  step: number;
  /** Which agent the event is from: the agent speaking when it happened, with the agents that called it. */
  agentPath: AgentPath;
}

/** What every `retry` event says: which attempt failed, how, and how long the run waits before the next. */
export interface RetryEventCommon {
  type: "retry";
  /** The attempt that failed (1 for the first). */
  attempt: number;
  delayMs: number;
  code: LodeErrorCode;
  message: string;
}

/**
 * The `retry` event, by the Bedrock operation retried. `discardsPartialStep` is on both, so consumers
 * written before guardrail checks were reported keep working: only a model retry can void deltas.
 */
export type RetryEventFields =
  | (RetryEventCommon & {
      /** The step's model call (ConverseStream), retried by the retry policy or after a context overflow. */
      operation: "ConverseStream";
      /** Deltas already sent for this step are void: the step starts again. */
      discardsPartialStep: boolean;
    })
  | (RetryEventCommon & {
      /** A tool guardrail's check (ApplyGuardrail) of one tool call's input or result. */
      operation: "ApplyGuardrail";
      /** Checking a tool call voids nothing the model streamed. */
      discardsPartialStep: false;
      toolUseId: string;
      toolName: string;
      /** Which side of the tool call was being checked. */
      side: "input" | "output";
      guardrailId: string;
      guardrailVersion: string;
    })
  | (RetryEventCommon & {
      /** A tool guardrail's inline checks (InvokeGuardrailChecks) of one tool call's input or result. */
      operation: "InvokeGuardrailChecks";
      discardsPartialStep: false;
      toolUseId: string;
      toolName: string;
      side: "input" | "output";
    });

/**
 * Everything a run reports, as one flat union discriminated by `type`. The events of one content block
 * share an `id` (`"{step}:{contentBlockIndex}"`): a text block is `text-start`, its `text-delta`s and
 * `text-end` (its `citation`s among them); a reasoning block is `reasoning-start`, its deltas and signature,
 * `reasoning-end`. Tool events share the `toolUseId`: `tool-input-start`, `tool-input-delta`s, `tool-call`
 * once the input is complete (at its block's end, before the model's message ends), then `tool-progress`
 * and one `tool-result`.
 */
export type AgentEvent =
  | (AgentEventBase & {
      type: "run-start";
      input: Message[];
      sessionId?: string;
      /** The run whose calls waited for approval, when this run brings their decisions (or moves on). */
      resumes?: string;
      /** Set on a sub-agent's run (`asTool()`): the caller's run and the tool call this run answers. */
      parent?: ParentRun;
    })
  | (AgentEventBase & { type: "step-start" })
  | (AgentEventBase & { type: "text-start"; id: string })
  | (AgentEventBase & { type: "text-delta"; id: string; text: string })
  | (AgentEventBase & { type: "text-end"; id: string })
  | (AgentEventBase & { type: "reasoning-start"; id: string })
  | (AgentEventBase & { type: "reasoning-delta"; id: string; text: string })
  | (AgentEventBase & { type: "reasoning-signature"; id: string; signature: string })
  | (AgentEventBase & { type: "reasoning-redacted"; id: string; data: Uint8Array })
  | (AgentEventBase & { type: "reasoning-end"; id: string })
  | (AgentEventBase & { type: "citation"; id: string; citation: CitationsDelta })
  | (AgentEventBase & {
      type: "image";
      id: string;
      /** An image the model generated, whole (its deltas are joined): the bytes, and their format. */
      format: ImageFormat;
      data: Uint8Array;
    })
  | (AgentEventBase & { type: "tool-input-start"; toolUseId: string; toolName: string })
  | (AgentEventBase & {
      type: "tool-input-delta";
      toolUseId: string;
      /** The raw JSON piece Bedrock sent. */
      delta: string;
      /** A best-effort parse of the input so far, for showing arguments as they form. */
      partialInput: unknown;
    })
  | (AgentEventBase & {
      type: "tool-call";
      toolUseId: string;
      toolName: string;
      /** The input as the model sent it: parsed JSON, or the raw text when it was not valid JSON. */
      input: unknown;
    })
  | (AgentEventBase & {
      type: "approval-requested";
      toolUseId: string;
      toolName: string;
      /** The input the person is asked about, as the tool's schema validated it. */
      input: unknown;
    })
  | (AgentEventBase & {
      type: "approval-decided";
      toolUseId: string;
      toolName: string;
      approved: boolean;
      reason?: string;
      /**
       * Who decided: the agent's `approver` in this process, a later run's `decisions`, or a new user message
       * that came instead of a decision (the waiting calls are then denied).
       */
      decidedBy: "approver" | "decision" | "new-message";
    })
  | (AgentEventBase & { type: "tool-progress"; toolUseId: string; toolName: string; data: unknown })
  | (AgentEventBase & {
      type: "tool-result";
      toolUseId: string;
      toolName: string;
      status: ToolResultStatus;
      content: ToolResultContentBlock[];
      durationMs: number;
    })
  | (AgentEventBase & { type: "message"; message: Message })
  | (AgentEventBase & {
      /**
       * The conversation passed from one agent to another: the model called `transfer_to_{to}`, the call was
       * answered, and the next step is the target's. Its `agentPath` is still the agent that handed off.
       */
      type: "handoff";
      toolUseId: string;
      from: string;
      to: string;
      /** Why, as the model said in the transfer call, when it said. */
      reason?: string;
    })
  | (AgentEventBase & {
      type: "warning";
      /** Where it comes from: a tool source's name, or the instrumentation's (`@lode/otel`). */
      source: string;
      /** What was wrong, and what Lode did about it (a tool left out, a server gone). */
      message: string;
    })
  | (AgentEventBase & { type: "guardrail"; intervention: GuardrailIntervention })
  | (AgentEventBase & { type: "usage"; usage: StepUsage })
  | (AgentEventBase & RetryEventFields)
  | (AgentEventBase & { type: "step-end"; stopReason: ModelStopReason; usage: StepUsage })
  | (AgentEventBase & { type: "run-end"; result: RunResult<unknown> })
  | (AgentEventBase & { type: "run-error"; code: LodeErrorCode; message: string; error: Error });

/**
 * An event as its producer makes it; the loop's driver stamps `runId`, `step` and `agentPath` on it, in one
 * place. A sub-agent's events reach the caller's driver already stamped, and pass through as they are.
 */
export type UnstampedEvent =
  // `infer` makes a type parameter of the union, so the condition distributes `Omit` over its members.
  AgentEvent extends infer Event
    ? Event extends AgentEvent
      ? Omit<Event, "runId" | "step" | "agentPath">
      : never
    : never;

/** The `type` of every event. */
export type AgentEventType = AgentEvent["type"];

/** The event of one `type`: `EventOf<"text-delta">`. */
export type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

/** The events as `eventemitter3` emits them: one event name per `type`, plus `"event"` for all. */
export type AgentEventMap = { [T in AgentEventType]: [EventOf<T>] } & { event: [AgentEvent] };
