import type { BedrockRuntimeClient, Message, SystemContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { RequestSettings } from "../agent/request-settings.js";
import type { ConversationStore } from "../memory/conversation-store.js";
import type { RetryPolicy } from "../model/retry-policy.js";
import type { StructuredOutputPlan } from "../structured-output/structured-output.js";
import type { AnyTool } from "../tools/tool.js";

/** Everything one run needs, resolved from the agent's options and the run's. */
export interface RunContext {
  runId: string;
  client: BedrockRuntimeClient;
  modelId: string;
  system: string | SystemContentBlock[] | undefined;
  tools: AnyTool[];
  settings: RequestSettings;
  input: Message[];
  sessionId: string | undefined;
  store: ConversationStore | undefined;
  /** Aborted by the caller's signal or the run's wall-time limit. */
  signal: AbortSignal;
  /** True once the wall-time limit has passed (tells a timeout from a caller's abort). */
  timedOut: () => boolean;
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
