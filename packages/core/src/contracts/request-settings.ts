import type {
  ConverseStreamRequest,
  GuardrailStreamConfiguration,
  InferenceConfiguration,
  OutputConfig,
  PerformanceConfiguration,
  PromptVariableValues,
  ServiceTier,
  ToolChoice,
} from "@aws-sdk/client-bedrock-runtime";

/** Where to put Bedrock prompt-cache points. */
export interface CachePoints {
  /** After the system prompt. */
  system?: boolean;
  /** After the tool definitions. */
  tools?: boolean;
  /** At the end of the history (the last message before the model's turn). */
  history?: boolean;
}

/**
 * The request fields Lode passes through to Bedrock unchanged. Set them on the agent, and override any
 * of them per run (a per-run value replaces the agent's value for that field).
 */
export interface RequestSettings {
  inferenceConfig?: InferenceConfiguration;
  /** Model-specific fields, e.g. `{ thinking: { type: "enabled", budget_tokens: 2048 } }` for extended thinking. */
  additionalModelRequestFields?: ConverseStreamRequest["additionalModelRequestFields"];
  additionalModelResponseFieldPaths?: string[];
  requestMetadata?: Record<string, string>;
  performanceConfig?: PerformanceConfiguration;
  serviceTier?: ServiceTier;
  promptVariables?: Record<string, PromptVariableValues>;
  /** E.g. `{ effort: "high" }`. Structured output sets `textFormat` itself. */
  outputConfig?: OutputConfig;
  toolChoice?: ToolChoice;
  /**
   * Raw guardrail configuration sent with every request, as is. Prefer the agent's `guardrail` option,
   * which takes its place when set and also decides what is sent as `guardContent`.
   */
  guardrailConfig?: GuardrailStreamConfiguration;
  cachePoints?: CachePoints;
}

/** Every field of `RequestSettings`: what is picked out of the agent's and a run's options. */
export const REQUEST_SETTING_KEYS = [
  "inferenceConfig",
  "additionalModelRequestFields",
  "additionalModelResponseFieldPaths",
  "requestMetadata",
  "performanceConfig",
  "serviceTier",
  "promptVariables",
  "outputConfig",
  "toolChoice",
  "guardrailConfig",
  "cachePoints",
] as const satisfies readonly (keyof RequestSettings)[];
/** The request fields that come straight from settings. */
export type PassThroughRequestFields = Pick<
  ConverseStreamRequest,
  | "inferenceConfig"
  | "additionalModelRequestFields"
  | "additionalModelResponseFieldPaths"
  | "requestMetadata"
  | "performanceConfig"
  | "serviceTier"
  | "promptVariables"
  | "outputConfig"
  | "guardrailConfig"
>;
