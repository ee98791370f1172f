import type {
  BedrockRuntimeClient,
  Tool as BedrockTool,
  Message,
  SystemContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { KnownVerdict } from "../approvals/approval-step.js";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalDecision } from "../contracts/approval.js";
import type { RunCheckpointer, RunResumption } from "../contracts/checkpoint.js";
import type { ContextStrategy } from "../contracts/context-strategy.js";
import type { ModelPrice } from "../contracts/cost.js";
import type { RunInstrumentation, RunWatcher } from "../contracts/instrumentation.js";
import type { RequestSettings } from "../contracts/request-settings.js";
import type { ToolCallRecord } from "../contracts/run-result.js";
import type { StopCondition } from "../contracts/stop-condition.js";
import type { AnyTool } from "../contracts/tool.js";
import type { GuardContentPlan } from "../guardrails/guard-content.js";
import type { ResolvedGuardrail } from "../guardrails/resolve-guardrail.js";
import type { RetryPolicy } from "../model/retry-policy.js";
import type { StructuredOutputPlan } from "../structured-output/structured-output.js";
import type { AnswerToolCall } from "../tools/compose-tool-middleware.js";
import type { ToolBox } from "../tools/tool-box.js";
import type { EventChannel } from "./event-channel.js";
import type { ToolChangeMode } from "./tool-changes.js";
import type { SessionRef } from "./transcript.js";

/** Everything one run needs, resolved from the agent's options and the run's. */
export interface RunContext {
  runId: string;
  /** The agent's `name`, when it has one. */
  agentName: string | undefined;
  client: BedrockRuntimeClient;
  modelId: string;
  system: string | SystemContentBlock[] | undefined;
  /** The run's tools as they stand for its next step (asked of its sources before each one). */
  toolBox: ToolBox;
  /**
   * How a change of tools reaches Bedrock (`ToolChangeMode`); in `"system-messages"` mode, the agent's own
   * tools (declared in every request) and the specifications of every tool the agent has offered.
   */
  toolChanges: { mode: ToolChangeMode; base: readonly AnyTool[]; known: Map<string, BedrockTool> };
  /** The run's tool-call pipeline: every tool call of the run goes through it. */
  answerToolCall: AnswerToolCall;
  /** Where the pipeline's events (progress, results, tool guardrails' findings) go while tools run. */
  toolEvents: EventChannel<UnstampedEvent>;
  toolConcurrency: number;
  /** The request settings; `guardrailConfig` already reflects `guardrail`. */
  settings: RequestSettings;
  /** The run's input as the history keeps it (`guardContent` blocks made plain when a guardrail is set). */
  input: Message[];
  /** The run's guardrail (the run's, else the agent's). */
  guardrail: ResolvedGuardrail | undefined;
  /** Which blocks of the run's requests go out as `guardContent`. */
  guardContent: GuardContentPlan | undefined;
  sessionId: string | undefined;
  /** Where the session is loaded from and written to; undefined without a `sessionId`. */
  session: SessionRef | undefined;
  /** How long one store call may take. */
  storeTimeoutMs: number;
  /** What each request carries of the history (the run's strategy, else the agent's); all of it when undefined. */
  context: ContextStrategy | undefined;
  /** Asked before each step: the first one met ends the run. */
  stopConditions: StopCondition[];
  /** Aborted by the caller's signal or the run's wall-time limit. */
  signal: AbortSignal;
  /** True once the wall-time limit has passed (tells a timeout from a caller's abort). */
  timedOut: () => boolean;
  /** Starts the run's time limit and follows the caller's signal; called once when the loop starts. */
  arm: () => void;
  /** Releases the run's timer and listeners; called once when the run ends, however it ends. */
  dispose: () => void;
  /** The decisions the run's input brings on calls its session left waiting, if any. */
  decisions: ApprovalDecision[] | undefined;
  /** Verdicts on calls that waited, read by the approval step (filled when the run resumes them). */
  approvalVerdicts: Map<string, KnownVerdict>;
  /**
   * The paused step whose waiting calls this run answered (approved and run, or denied): the result
   * reports it as step 0. Set when the run resumes calls its session left waiting.
   */
  resumedCalls?: { message: Message; toolCalls: ToolCallRecord[] };
  retry: RetryPolicy;
  output: StructuredOutputPlan | undefined;
  maxOutputRetries: number;
  /** The model's price, from the agent's `prices`; the run has no cost without it. */
  price: ModelPrice | undefined;
  /** The agent's instrumentation (`@lode/otel`), if any. */
  instrumentation: RunInstrumentation | undefined;
  /** What watches this run for the instrumentation: set when the loop starts, when there is one. */
  watcher: RunWatcher | undefined;
  /** Keeps the run's checkpoints, in a durable run. */
  checkpointer: RunCheckpointer | undefined;
  /** The checkpoint the run goes on from, when it resumes one. */
  resume: RunResumption | undefined;
  /** The first checkpoint write that failed: the loop fails the run with it at the end of the step. */
  checkpointFailure: unknown;
  checkpointFailed(error: unknown): void;
}
