import type { BedrockRuntimeClient, Message, SystemContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ContextStrategy } from "../contracts/context-strategy.js";
import type { ConversationStore } from "../contracts/conversation-store.js";
import type { RequestSettings } from "../contracts/request-settings.js";
import type { AnyTool } from "../contracts/tool.js";
import type { GuardContentPlan } from "../guardrails/guard-content.js";
import type { ToolCallGuard } from "../guardrails/guard-tool-call.js";
import type { ResolvedGuardrail } from "../guardrails/resolve-guardrail.js";
import type { RetryPolicy } from "../model/retry-policy.js";
import type { StructuredOutputPlan } from "../structured-output/structured-output.js";

/** Everything one run needs, resolved from the agent's options and the run's. */
export interface RunContext {
  runId: string;
  client: BedrockRuntimeClient;
  modelId: string;
  system: string | SystemContentBlock[] | undefined;
  tools: AnyTool[];
  /** The request settings; `guardrailConfig` already reflects `guardrail`. */
  settings: RequestSettings;
  /** The run's input as the history keeps it (`guardContent` blocks made plain when a guardrail is set). */
  input: Message[];
  /** The run's guardrail (the run's, else the agent's). */
  guardrail: ResolvedGuardrail | undefined;
  /** Which blocks of the run's requests go out as `guardContent`. */
  guardContent: GuardContentPlan | undefined;
  /** Guards tool calls with ApplyGuardrail (the agent's tool guardrail, or a tool's own). */
  toolGuard: ToolCallGuard;
  sessionId: string | undefined;
  store: ConversationStore | undefined;
  /** What each request carries of the history (the run's strategy, else the agent's); all of it when undefined. */
  context: ContextStrategy | undefined;
  /** Aborted by the caller's signal or the run's wall-time limit. */
  signal: AbortSignal;
  /** True once the wall-time limit has passed (tells a timeout from a caller's abort). */
  timedOut: () => boolean;
  /** Starts the run's time limit and follows the caller's signal; called once when the loop starts. */
  arm: () => void;
  /** Releases the run's timer and listeners; called once when the run ends, however it ends. */
  dispose: () => void;
  maxSteps: number;
  maxTotalTokens: number;
  toolConcurrency: number;
  toolTimeoutMs: number;
  retry: RetryPolicy;
  output: StructuredOutputPlan | undefined;
  maxOutputRetries: number;
}
