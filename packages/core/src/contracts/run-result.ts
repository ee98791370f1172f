import type {
  CacheTTL,
  Message,
  ServiceTierType,
  StopReason,
  ToolResultContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { AgentPath } from "./agent-path.js";
import type { ApprovalRequest } from "./approval.js";
import type { Cost } from "./cost.js";
import type { GuardrailIntervention, ModelGuardrailIntervention } from "./guardrail-intervention.js";
import type { ToolResultStatus } from "./tool-answer.js";

/** Token counts and time of one model call (or their sums over a run). */
export interface StepUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /**
   * The cache writes by the cache points' time to live (`{ "5m": 1200, "1h": 800 }`), from Bedrock's
   * `cacheDetails`; absent when Bedrock sent none. A one-hour write costs more than a five-minute one.
   */
  cacheWriteInputTokensByTtl?: Partial<Record<CacheTTL, number>>;
  /** Bedrock's `metrics.latencyMs`. */
  latencyMs: number;
}

/** One tool call of a run and what it returned. */
export interface ToolCallRecord {
  step: number;
  toolUseId: string;
  toolName: string;
  /** The input as the model sent it (parsed JSON, or the raw text when it was not valid JSON). */
  input: unknown;
  status: ToolResultStatus;
  content: ToolResultContentBlock[];
  durationMs: number;
  /** Which agent made the call: the run's own (the one speaking at its step), or a sub-agent's. */
  agentPath: AgentPath;
}

/** What one agent of a run spent: its model calls' usage and cost (a sub-agent's include its own sub-agents'). */
export interface AgentUsage {
  agentPath: AgentPath;
  /** Model calls this agent made. */
  modelCalls: number;
  usage: StepUsage;
  /** Undefined when the agent's `prices` have none for its model. */
  cost: Cost | undefined;
}

/**
 * Why Bedrock ended a model call: ConverseStream's `stopReason` (`end_turn`, `tool_use`, `max_tokens`,
 * `guardrail_intervened`, …). A value newer than the SDK's list passes through as Bedrock sent it.
 */
export type ModelStopReason = StopReason;

/**
 * Why Lode ended a run between steps, before the model was done: a stop condition was met (`max_steps`:
 * the step limit, `max_total_tokens`: the token limit, `time_limit`: `elapsedAtLeast`, `stop_condition`:
 * a predicate of the caller's, `max_handoffs`: the handoff limit).
 */
export type LimitStopReason =
  | "max_steps"
  | "max_total_tokens"
  | "time_limit"
  | "stop_condition"
  /** The model asked for one more handoff than the run's `maxHandoffs` allows (the call was not taken). */
  | "max_handoffs";

/**
 * Why a run ended: the last model call's stop reason, the limit that stopped it, or
 * `"awaiting_approval"`: calls wait for a person's decision (`result.pendingApprovals`).
 */
export type RunStopReason = ModelStopReason | LimitStopReason | "awaiting_approval";

/**
 * One model call of a run. A run that resumed calls waiting for approval begins with step 0: the paused
 * run's step, which this run finished (its message, and the calls this run answered: approved and run,
 * or denied); its model call was counted by the run that paused, so its usage is zero and stop conditions
 * do not count it.
 */
export interface StepResult {
  /** 1-based, as the events' `step`; 0 for a resumed step. */
  step: number;
  /**
   * The assistant message as the model sent it, reasoning and signatures included (the history may keep
   * less: a tool use cut off by `max_tokens` is dropped, a redacted answer replaced).
   */
  message: Message;
  stopReason: ModelStopReason;
  usage: StepUsage;
  /** The service tier Bedrock says served the step (its echo of the request's `serviceTier`), when it said. */
  serviceTier?: ServiceTierType;
  toolCalls: ToolCallRecord[];
  /** The agent that made the model call (it changes with a handoff). */
  agentPath: AgentPath;
  /** Attempts beyond the first that this step needed. */
  retries: number;
  /**
   * What the step's attempts cost at the agent's `prices` for its model (an attempt that overflowed the
   * context window was billed too); undefined when the table has no price for it.
   */
  cost: Cost | undefined;
}

/** What a run produced. `Output` is the structured output's type when one was asked for. */
export interface RunResult<Output = undefined> {
  runId: string;
  sessionId: string | undefined;
  /**
   * The text of the model's last answer, as the user was streamed it. When a guardrail's redaction put a
   * placeholder in the history instead, `guardrail.placeholder` is what the history keeps. A structured
   * output given through the output tool (`structuredOutput` `"tool"`) is the answer: `text` is its input
   * as JSON text, as native mode's answer is JSON text.
   */
  text: string;
  /** The validated structured output, when `output` was given. */
  output: Output;
  /**
   * The messages this run added to the conversation: the input, then each step's messages (and, when the
   * run ended on tool results the model never read, a short assistant note saying why, so the history
   * can be continued with a user message).
   */
  messages: Message[];
  /**
   * Why the run ended. A run that got its structured output ended `"end_turn"`, in either mode (in tool
   * mode the last step's own stop reason stays the model's `"tool_use"`).
   */
  stopReason: RunStopReason;
  steps: StepResult[];
  /** Sums over all steps, and over the sub-agents' runs (`usageByAgent` splits it). */
  usage: StepUsage;
  /**
   * The steps' costs and the sub-agents' added up; undefined when no agent's `prices` have one for its model.
   */
  cost: Cost | undefined;
  /**
   * Usage and cost by agent, in the order each first spent: the run's own agents (one per agent that spoke,
   * across handoffs), then every sub-agent (by its path; one entry per path however often it ran).
   */
  usageByAgent: AgentUsage[];
  /**
   * Every call the run answered, its steps' in order: after approval, the resumed calls (step 0) first,
   * approved or denied, with their status. Calls answered before a pause are in the paused run's result.
   * A sub-agent's calls (its `agentPath` longer than the run's) follow the call that ran it.
   */
  toolCalls: ToolCallRecord[];
  /**
   * Set when a guardrail intervened in a model call (the last such intervention): which side, what it
   * found, what it did.
   */
  guardrail: ModelGuardrailIntervention | undefined;
  /** Every guardrail intervention of the run, in order: model calls' and tool calls' alike. */
  guardrailInterventions: GuardrailIntervention[];
  /** Wall time of the whole run. */
  durationMs: number;
  /**
   * The calls waiting for a person's approval when the run ended `"awaiting_approval"`; a later run on the
   * session with `{ decisions }` goes on from them. Empty otherwise.
   */
  pendingApprovals: ApprovalRequest[];
}
