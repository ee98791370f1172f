import type {
  CacheTTL,
  ConverseStreamRequest,
  GuardrailStreamConfiguration,
  InferenceConfiguration,
  OutputConfig,
  PerformanceConfiguration,
  PromptVariableValues,
  ServiceTier,
  ToolChoice,
} from "@aws-sdk/client-bedrock-runtime";

/**
 * One prompt-cache point: `true` for Bedrock's default time to live (5 minutes), or the TTL to keep the
 * prefix cached for (`"1h"` costs more to write and suits prompts reused over a longer while).
 */
export type CachePointSetting = boolean | { ttl: CacheTTL };

/** Where to put Bedrock prompt-cache points. */
export interface CachePoints {
  /** After the system prompt. */
  system?: CachePointSetting;
  /** After the tool definitions. */
  tools?: CachePointSetting;
  /** At the end of the history (the last message before the model's turn). */
  history?: CachePointSetting;
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
  /**
   * Tools Bedrock runs itself, by name (`"nova_grounding"`: Nova answers from the web, with web citations),
   * offered beside the agent's own tools.
   */
  systemTools?: string[];
}

/**
 * What becomes of each setting: sent to Bedrock as it is, or turned into a part of the request
 * (`toolChoice` into `toolConfig`, `cachePoints` into cache-point blocks). The one list of the settings:
 * `satisfies` fails to compile when a field of `RequestSettings` is missing here, or one is extra.
 */
const SETTING_ROLES = {
  inferenceConfig: "pass-through",
  additionalModelRequestFields: "pass-through",
  additionalModelResponseFieldPaths: "pass-through",
  requestMetadata: "pass-through",
  performanceConfig: "pass-through",
  serviceTier: "pass-through",
  promptVariables: "pass-through",
  outputConfig: "pass-through",
  guardrailConfig: "pass-through",
  toolChoice: "request-part",
  cachePoints: "request-part",
  systemTools: "request-part",
} as const satisfies Record<keyof RequestSettings, "pass-through" | "request-part">;

/** A setting sent to Bedrock as it is. */
export type PassThroughKey = {
  [K in keyof typeof SETTING_ROLES]: (typeof SETTING_ROLES)[K] extends "pass-through" ? K : never;
}[keyof typeof SETTING_ROLES];

/** The request fields that come straight from settings. */
export type PassThroughRequestFields = Pick<ConverseStreamRequest, PassThroughKey>;

/** Every field of `RequestSettings`: what is picked out of the agent's and a run's options. */
export const REQUEST_SETTING_KEYS = Object.keys(SETTING_ROLES) as (keyof RequestSettings)[];

/** The settings sent to Bedrock as they are. */
export const PASS_THROUGH_KEYS = REQUEST_SETTING_KEYS.filter(
  (key): key is PassThroughKey => SETTING_ROLES[key] === "pass-through",
);
