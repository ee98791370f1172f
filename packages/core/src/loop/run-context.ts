import type {
  BedrockRuntimeClient,
  Tool as BedrockTool,
  Message,
  SystemContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { AgentDefaults, ResolvedHandoffTarget } from "../agent/agent-defaults.js";
import type { KnownVerdict } from "../approvals/approval-step.js";
import type { AgentPath, ParentRun, UnstampedEvent } from "../contracts/agent-event.js";
import type { ApprovalDecision } from "../contracts/approval.js";
import type { RunCheckpointer, RunResumption } from "../contracts/checkpoint.js";
import type { ContextStrategy } from "../contracts/context-strategy.js";
import type { ModelPrice } from "../contracts/cost.js";
import type { RunInstrumentation, RunWatcher } from "../contracts/instrumentation.js";
import type { RequestSettings } from "../contracts/request-settings.js";
import type { RunResult, ToolCallRecord } from "../contracts/run-result.js";
import type { Speaker } from "../contracts/speaker.js";
import type { StopCondition } from "../contracts/stop-condition.js";
import type { AnyTool } from "../contracts/tool.js";
import type { GuardContentPlan } from "../guardrails/guard-content.js";
import type { ResolvedGuardrail } from "../guardrails/resolve-guardrail.js";
import type { HandoffInputFilter } from "../handoffs/handoff-target.js";
import type { HandoffView } from "../handoffs/handoff-view.js";
import type { RetryPolicy } from "../model/retry-policy.js";
import type { StructuredOutputPlan } from "../structured-output/structured-output.js";
import type { AnswerToolCall } from "../tools/compose-tool-middleware.js";
import type { ToolBox } from "../tools/tool-box.js";
import type { EventChannel } from "./event-channel.js";
import type { SubRun } from "./roll-up.js";
import type { ToolChangeMode } from "./tool-changes.js";
import type { SessionRef } from "./transcript.js";

/** Where a run stands with handoffs: how many it made, its limit, and what the speaking agent sees. */
export interface HandoffState {
  count: number;
  max: number;
  /** Set once the conversation was handed over (in this run or an earlier one of the session). */
  view: HandoffView | undefined;
  /** The input filter of the handoff that made the speaking agent speak, if it has one. */
  filter?: HandoffInputFilter;
  /** The view as the session kept it when the run started: a changed one is written back at the end. */
  stored?: HandoffView;
  /** Every agent the entry agent reaches through handoffs, by name (itself included). */
  reachable: () => ReadonlyMap<string, AgentDefaults>;
}

/** Everything one run needs, resolved from the agent's options and the run's. */
export interface RunContext {
  runId: string;
  /** The speaking agent's `name`, when it has one (a handoff changes it, with every agent-part field). */
  agentName: string | undefined;
  agentDescription: string | undefined;
  /** The speaking agent's path: its caller's (a sub-agent's run), then its name. */
  agentPath: AgentPath;
  /** The path of the agent that called this run's agent as a tool; empty for a top-level run. */
  parentPath: AgentPath;
  /** Set on a sub-agent's run: the caller's run and tool call. */
  parent: ParentRun | undefined;
  /** The agents the speaking agent may hand the conversation to, by transfer tool name. */
  handoffTargets: ReadonlyMap<string, ResolvedHandoffTarget>;
  handoffs: HandoffState;
  /** Makes `target` the speaking agent: every agent-part field is replaced by the target's. */
  switchAgent(target: ResolvedHandoffTarget): void;
  /** Sub-agents' runs that ended inside this run's tool calls (their results), for the roll-up. */
  subRuns: SubRun[];
  /** The conversation so far, the session's and this run's (set when the transcript opens). */
  history: () => readonly Message[];
  /** Decisions on calls waiting inside a call of this run (a sub-agent's), by that call's `toolUseId`. */
  innerDecisions: ReadonlyMap<string, ApprovalDecision[]> | undefined;
  client: BedrockRuntimeClient;
  modelId: string;
  /** Takes the speaking agent's turns in place of its model, when it has one (`AgentOptions.speaker`). */
  speaker: Speaker | undefined;
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
  /** Sends decisions on this run's waiting calls as a new run on its session (top-level runs with one). */
  sendDecisions?: (decisions: ApprovalDecision[]) => Promise<RunResult<unknown>>;
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
  /**
   * Whether the caller's signal or a time limit can abort the run. When neither can and nobody reads its
   * events one at a time (a reader who stops aborts too), nothing can: see `modelStep`.
   */
  callerCanAbort: boolean;
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
  resumedCalls?: { message: Message; toolCalls: ToolCallRecord[]; agentPath: AgentPath };
  retry: RetryPolicy;
  output: StructuredOutputPlan | undefined;
  maxOutputRetries: number;
  /** The model's price, from the agent's `prices`; the run has no cost without it. */
  price: ModelPrice | undefined;
  /** The agent's instrumentation (`@lode/otel`), if any. */
  instrumentation: RunInstrumentation | undefined;
  /** What watches this run for the instrumentation: set when the loop starts, when there is one. */
  watcher: RunWatcher | undefined;
  /**
   * Set while nobody reads the run's events one at a time (`run()`): the model call then hands each streamed
   * event straight to the driver, stamped and emitted at once, instead of yielding it up the loop's generators,
   * an async hop per event and most of what a run allocates.
   */
  deliverDirectly: ((event: UnstampedEvent) => void) | undefined;
  /**
   * Whether anyone hears the run's events besides its reader: a listener on the agent, or an
   * instrumentation. A run delivered directly that nobody hears makes no per-chunk stream events.
   */
  heard: () => boolean;
  /** Keeps the run's checkpoints, in a durable run. */
  checkpointer: RunCheckpointer | undefined;
  /** The checkpoint the run goes on from, when it resumes one. */
  resume: RunResumption | undefined;
  /** The first checkpoint write that failed: the loop fails the run with it at the end of the step. */
  checkpointFailure: unknown;
  checkpointFailed(error: unknown): void;
}
