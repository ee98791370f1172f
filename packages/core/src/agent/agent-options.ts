import type {
  BedrockRuntimeClient,
  BedrockRuntimeClientConfig,
  SystemContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { ParentRun } from "../contracts/agent-event.js";
import type { Approver, NeedsApproval } from "../contracts/approval.js";
import type { RunCheckpointer, RunResumption } from "../contracts/checkpoint.js";
import type { ContextStrategy } from "../contracts/context-strategy.js";
import type { ConversationStore } from "../contracts/conversation-store.js";
import type { PriceTable } from "../contracts/cost.js";
import type { GuardrailOptions, ToolGuardrailOptions } from "../contracts/guardrail-options.js";
import type { RunInstrumentation } from "../contracts/instrumentation.js";
import type { RequestSettings } from "../contracts/request-settings.js";
import type { Speaker } from "../contracts/speaker.js";
import type { StopCondition } from "../contracts/stop-condition.js";
import type { ToolMiddleware } from "../contracts/tool-call.js";
import type { ToolEntry } from "../contracts/tool-source.js";
import type { Handoff } from "../handoffs/handoff.js";
import type { ToolChangeMode } from "../loop/tool-changes.js";
import type { RetryPolicy } from "../model/retry-policy.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";

export type { RunInput } from "../contracts/run-input.js";

/**
 * An agent that can take over a conversation: an `Agent` (checked when the list is first read; its type is
 * named structurally here so that the options do not depend on the class).
 */
export interface HandoffAgent {
  readonly options: { readonly name?: string; readonly description?: string; readonly modelId: string };
  close(): Promise<void>;
}

/** An entry of `handoffs`: an agent, or `handoff(agent, options)`. */
export type HandoffEntry = HandoffAgent | Handoff<HandoffAgent>;

/** Limits that end a run. */
export interface RunLimits {
  /** Model calls at most (the stop condition `stepCountIs`; `stopReason: "max_steps"`). @default 20 */
  maxSteps?: number;
  /**
   * Total tokens (input + output, all steps) after which no further step starts (`totalTokensAtLeast`;
   * `stopReason: "max_total_tokens"`).
   */
  maxTotalTokens?: number;
  /** Wall time of the whole run, in milliseconds: past it the run is aborted (code `timeout`). */
  timeoutMs?: number;
  /**
   * More stop conditions, asked before each step: `elapsedAtLeast(ms)`, or any predicate with
   * `stopWhen((progress) => …)`. A run's conditions add to the agent's.
   */
  stopWhen?: StopCondition | StopCondition[];
  /**
   * Milliseconds one call of the conversation store may take (a load, an append) before the run gives up
   * on it (code `store-failed`). The run's abort and `timeoutMs` bound store calls too.
   * @default 10000
   */
  storeTimeoutMs?: number;
}

/** How tools run. */
export interface ToolExecutionOptions {
  /** Tool calls of one step running at once. @default 4 */
  toolConcurrency?: number;
  /** Milliseconds a tool may run unless it sets its own `timeoutMs`. @default 60000 */
  toolTimeoutMs?: number;
  /**
   * Your own steps in every tool call's pipeline, `(call, next) => outcome`, in order: logging, caching,
   * policy, rewriting input. They run once the tool is found and its input parsed, before the input is
   * validated against the tool's schema (so an input a step rewrites is validated too), the tool
   * guardrail checks it and the tool runs. A step may answer the call itself instead of calling `next`.
   * A run's steps run after the agent's.
   */
  toolMiddleware?: ToolMiddleware[];
  /**
   * Decides calls that need a person's approval in this process: awaited before the tool runs (outside
   * its timeout), aborted with the run. Without one, such a call ends the run `"awaiting_approval"`; a
   * later run on the session brings the decisions (`agent.run({ decisions }, { sessionId })`).
   */
  approver?: Approver;
}

/** How structured output is obtained. */
export type StructuredOutputMode = "native" | "tool" | "auto";

/** What `new Agent()` takes: the model and what every run of it uses; only `modelId` is required. */
export interface AgentOptions extends RequestSettings, RunLimits, ToolExecutionOptions {
  /** A model id, inference profile id or ARN. */
  modelId: string;
  /** The system prompt. */
  system?: string | SystemContentBlock[];
  /**
   * The tools the model may call (`defineTool` from `@lode/tools`, another agent's `asTool()`) and sources of
   * tools (an MCP server's, `mcpTools()` from `@lode/tools`), asked again before each step.
   */
  tools?: ToolEntry[];
  /**
   * How a change of tools between runs of a session (a run's own `tools`, a source's new tool) reaches
   * Bedrock: a new tool configuration (`"tool-config"`), or `toolAddition` / `toolRemoval` blocks in a
   * `system`-role message that leave the configuration, and the prompt cache, as they were
   * (`"system-messages"`, for models that accept them). See `ToolChangeMode`.
   * @default "tool-config"
   */
  toolChanges?: ToolChangeMode;
  /** Your own client (e.g. pointed at bedrock-local). Its retry settings add to Lode's: prefer `maxAttempts: 1`. */
  client?: BedrockRuntimeClient;
  /**
   * Configuration for the client Lode creates when `client` is not given (Lode sets `maxAttempts: 1` and
   * retries itself). Its transport is Lode's `BedrockTransport`, shared by every such agent in the
   * process; `requestHandler` here replaces it.
   */
  clientConfig?: BedrockRuntimeClientConfig;
  /** Where sessions live. @default a new in-memory store for this agent */
  store?: ConversationStore;
  /**
   * What each request carries of the history (see `@lode/memory`'s strategies). On a context overflow
   * the loop asks it again, harder, a bounded number of times.
   * @default the whole history
   */
  context?: ContextStrategy;
  /** Retry policy for model calls. */
  retry?: Partial<RetryPolicy>;
  /**
   * `"native"` uses Bedrock's `outputConfig.textFormat` JSON schema; `"tool"` forces a tool whose input is
   * the output; `"auto"` picks native for models known to support it.
   * @default "auto"
   */
  structuredOutput?: StructuredOutputMode;
  /** Invalid structured output is sent back with its errors at most this many times. @default 2 */
  maxOutputRetries?: number;
  /**
   * A Bedrock guardrail on every model call: sent as `guardrailConfig` (it takes the place of a raw
   * `guardrailConfig`), its interventions reported as `guardrail` events and in `result.guardrail`.
   */
  guardrail?: GuardrailOptions;
  /** A guardrail (ApplyGuardrail) on every tool's input and output; a tool's own `guardrail` takes its place. */
  toolGuardrail?: ToolGuardrailOptions;
  /**
   * Which tools' calls need a person's approval, by tool name: `true`, or a function of the call's input.
   * Takes the place of a tool's own `needsApproval`; works for any tool (MCP's, an agent's as a tool).
   */
  needsApproval?: Record<string, NeedsApproval>;
  /** A name for the agent, used by `asTool` and by tracing (`invoke_agent {name}`). @default "agent" */
  name?: string;
  /** What the agent does, used by `asTool` as the tool's description. */
  description?: string;
  /**
   * Prices per million tokens by model id: with the agent's model in it, each step and the run carry a
   * `cost`. Lode knows no prices itself.
   */
  prices?: PriceTable;
  /** Watches every run: `openTelemetry()` from `@lode/otel` traces runs, model calls and tool calls. */
  instrumentation?: RunInstrumentation;
  /**
   * The agents this one may hand the conversation to (a swarm): `[billing, handoff(tech, { inputFilter })]`.
   * The model is offered one `transfer_to_{name}` tool per target; calling it hands the conversation over,
   * and the run goes on at the next step as the target (its model, system prompt, tools, guardrail,
   * context strategy and settings), on the same transcript. The session keeps the agent it is with: the
   * next message goes to it. Each target needs a `name`. A function may return the list, so that agents
   * can hand back to each other (it is called at the first run).
   */
  handoffs?: HandoffEntry[] | (() => HandoffEntry[]);
  /**
   * How many handoffs one run may make; one more asked for is not taken and the run stops with
   * `stopReason: "max_handoffs"` (the history stays valid).
   * @default 10
   */
  maxHandoffs?: number;
  /**
   * Who takes this agent's turns when it is not a Bedrock model: a remote agent (`@lode/a2a`'s
   * `a2aAgent(url).asAgent()` sets it). Each step, the speaker is given the conversation and its answer
   * is the step's; the agent's `modelId` then only names it (in traces). Tools are not offered to it.
   */
  speaker?: Speaker;
}

/** What `run()` and `stream()` take: a session, a signal, structured output, overrides of the agent's. */
export interface RunOptions<Output extends StandardSchemaV1 | undefined = undefined>
  extends RequestSettings,
    RunLimits,
    ToolExecutionOptions {
  /** Aborts the model call in flight and the running tools. */
  signal?: AbortSignal;
  /** Continue (and store) this conversation. */
  sessionId?: string;
  /** Replaces the agent's context strategy for this run. */
  context?: ContextStrategy;
  /** A schema (zod 4 or any Standard Schema with JSON Schema) the run's final output must satisfy. */
  output?: Output;
  /** Replaces the agent's system prompt for this run. */
  system?: string | SystemContentBlock[];
  /** Replaces the agent's tools for this run (the caller closes the sources it brings). */
  tools?: ToolEntry[];
  /** Replaces the agent's guardrail for this run; `false` runs without it. */
  guardrail?: GuardrailOptions | false;
  /** Replaces the agent's tool guardrail for this run; `false` runs without it (tools' own still apply). */
  toolGuardrail?: ToolGuardrailOptions | false;
  /** The run's id (a durable run's, given when it was queued). @default a new UUID */
  runId?: string;
  /** Checkpoints the run after each step and tool call, so another process can resume it (`@lode/durable`). */
  checkpointer?: RunCheckpointer;
  /**
   * Goes on with the run this checkpoint is of (same `runId` and `sessionId`), instead of starting from the
   * input, which must then be empty (`[]`): answered tool calls are not run again.
   */
  resume?: RunResumption;
  /** @default the agent's `maxHandoffs` */
  maxHandoffs?: number;
  /**
   * Set by `asTool()` on a sub-agent's run: the caller's run and tool call. The sub-agent's events carry the
   * caller's path before its own, and its `run-start` names the caller.
   */
  parent?: ParentRun;
}
