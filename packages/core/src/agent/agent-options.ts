import type {
  BedrockRuntimeClient,
  BedrockRuntimeClientConfig,
  ContentBlock,
  Message,
  SystemContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { ContextStrategy } from "../contracts/context-strategy.js";
import type { ConversationStore } from "../contracts/conversation-store.js";
import type { GuardrailOptions, ToolGuardrailOptions } from "../contracts/guardrail-options.js";
import type { RequestSettings } from "../contracts/request-settings.js";
import type { AnyTool } from "../contracts/tool.js";
import type { RetryPolicy } from "../model/retry-policy.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";

/** What a run starts from: a prompt, content blocks (text, images, documents), or whole messages. */
export type RunInput = string | ContentBlock[] | Message[];

/** Limits that end a run. */
export interface RunLimits {
  /** Model calls at most. @default 20 */
  maxSteps?: number;
  /** Total tokens (input + output, all steps) after which no further step starts. */
  maxTotalTokens?: number;
  /** Wall time of the whole run, in milliseconds. */
  timeoutMs?: number;
}

/** How tools run. */
export interface ToolExecutionOptions {
  /** Tool calls of one step running at once. @default 4 */
  toolConcurrency?: number;
  /** Milliseconds a tool may run unless it sets its own `timeoutMs`. @default 60000 */
  toolTimeoutMs?: number;
}

/** How structured output is obtained. */
export type StructuredOutputMode = "native" | "tool" | "auto";

export interface AgentOptions extends RequestSettings, RunLimits, ToolExecutionOptions {
  /** A model id, inference profile id or ARN. */
  modelId: string;
  /** The system prompt. */
  system?: string | SystemContentBlock[];
  tools?: AnyTool[];
  /** Your own client (e.g. pointed at bedrock-local). Its retry settings add to Lode's: prefer `maxAttempts: 1`. */
  client?: BedrockRuntimeClient;
  /** Configuration for the client Lode creates when `client` is not given (Lode sets `maxAttempts: 1` and retries itself). */
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
  /** A name for the agent, used by `asTool`. @default "agent" */
  name?: string;
  description?: string;
}

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
  /** Replaces the agent's tools for this run. */
  tools?: AnyTool[];
  /** Replaces the agent's guardrail for this run; `false` runs without it. */
  guardrail?: GuardrailOptions | false;
  /** Replaces the agent's tool guardrail for this run; `false` runs without it (tools' own still apply). */
  toolGuardrail?: ToolGuardrailOptions | false;
}
