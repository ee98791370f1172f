import type { ConverseStreamRequest, Message } from "@aws-sdk/client-bedrock-runtime";
import type { LodeError, LodeErrorCode } from "../errors/lode-error.js";
import type { AgentEvent, RetryEventFields } from "./agent-event.js";
import type { AgentPath, ParentRun } from "./agent-path.js";
import type { ApprovalDecision } from "./approval.js";
import type { ModelStopReason, RunResult, StepUsage } from "./run-result.js";
import type { ToolCall, ToolCallOutcome } from "./tool-call.js";

/** What a run is, when it starts: for the instrumentation to name and describe it. */
export interface RunStart {
  runId: string;
  /** The agent's `name`, when it has one. */
  agentName: string | undefined;
  /** The agent's `description`, when it has one. */
  agentDescription: string | undefined;
  /** The agent's path: its caller's (a sub-agent's run, called as a tool), then its name. */
  agentPath: AgentPath;
  /** Set on a sub-agent's run: the caller's run and tool call. */
  parent: ParentRun | undefined;
  modelId: string;
  sessionId: string | undefined;
  /**
   * Sends decisions on calls this run left waiting to its session, as a new run of the same agent (what a
   * devtool's Approve button calls, in the run's own process). Set on a top-level run with a session only:
   * a sub-agent's waiting calls are decided through its caller's session.
   */
  sendDecisions?: (decisions: ApprovalDecision[]) => Promise<RunResult<unknown>>;
}

/**
 * Watches runs through the loop's own seams (tracing, metrics): `@lode/otel`'s `openTelemetry()` is one. It
 * sees each model call and each tool call as it happens, wraps them so they run in its context (an
 * OpenTelemetry span, under which the AWS SDK's own HTTP span then sits), and every event as it leaves
 * the run. Whatever it throws is its own problem: Lode never lets it fail a run.
 */
export interface RunInstrumentation {
  /** A run starts (when its loop does, in the caller's context); what it returns watches that run. */
  startRun(run: RunStart): RunWatcher;
  /**
   * A graph's run starts (`@lode/graph` calls it when given this instrumentation): what it returns sees the
   * graph's own progress; its agent nodes' runs are watched by their agents' instrumentation.
   */
  startGraph?(graph: GraphRunStart): GraphRunWatcher;
}

/** What a graph's run is, when it starts. */
export interface GraphRunStart {
  runId: string;
  /** The graph's name: the first element of its events' `agentPath`. */
  graph: string;
  sessionId: string | undefined;
  /** The graph drawn as a Mermaid flowchart (`toMermaid()`), node ids as it writes them. */
  mermaid: string;
  /** True when the run resumes a paused or checkpointed one. */
  resumed: boolean;
}

/** A graph's own progress, as its instrumentation sees it: each node's start and end, the run's end. */
export type GraphProgress =
  | { type: "node-start"; runId: string; step: number; node: string; taskId: string }
  | {
      type: "node-end";
      runId: string;
      step: number;
      node: string;
      taskId: string;
      status: "done" | "paused";
      durationMs: number;
    }
  | { type: "graph-end"; runId: string; step: number; status: string }
  | { type: "graph-error"; runId: string; step: number; code: LodeErrorCode; message: string };

/** Watches one graph run. */
export interface GraphRunWatcher {
  event(progress: GraphProgress): void;
}

/** Watches one run. */
export interface RunWatcher {
  /** A model step starts (one call to Bedrock, however many attempts it takes). */
  modelCall(call: { step: number; request: ConverseStreamRequest }): ModelCallWatcher;
  /** Runs one tool call (the rest of its pipeline) inside the watcher's context. */
  toolCall(call: ToolCall, run: () => Promise<ToolCallOutcome>): Promise<ToolCallOutcome>;
  /** Every event of the run, stamped, as it leaves the loop; the last is `run-end` or `run-error`. */
  event(event: AgentEvent): void;
  /**
   * What the instrumentation has to tell the run's caller as the run starts (that it can record nothing,
   * say): each becomes a `warning` event right after `run-start`. Read once.
   */
  readonly warnings?: readonly { source: string; message: string }[];
}

/** Watches one model call. */
export interface ModelCallWatcher {
  /** Runs one attempt's request to Bedrock inside the call's context. */
  send<T>(send: () => Promise<T>): Promise<T>;
  /** The first event of an attempt's stream arrived. */
  firstChunk(): void;
  /** An attempt failed and is tried again (or the request shrank after a context overflow). */
  retry(retry: Extract<RetryEventFields, { operation: "ConverseStream" }>): void;
  /** The call ended: with Bedrock's answer, or failed. */
  end(outcome: ModelCallEnd): void;
}

/**
 * How a model call ended: Bedrock's answer (`usage` sums every attempt Bedrock billed), or the error the
 * call failed with (an abort included).
 */
export type ModelCallEnd =
  | {
      status: "answered";
      message: Message;
      stopReason: ModelStopReason;
      usage: StepUsage;
      requestId: string | undefined;
    }
  | { status: "failed"; error: LodeError };
