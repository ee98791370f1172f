import type {
  GuardrailChecksContentFilterCategory,
  GuardrailChecksPromptAttackCategory,
  GuardrailChecksSensitiveInformationEntityType,
  GuardrailStreamConfiguration,
} from "@aws-sdk/client-bedrock-runtime";
import type {
  GuardContentMode,
  GuardrailOptions,
  ScoreThresholds,
  ToolGuardrailOptions,
} from "../contracts/guardrail-options.js";
import { LodeError } from "../errors/lode-error.js";
import { DEFAULT_REDACTED_INPUT, DEFAULT_REDACTED_OUTPUT } from "./redact-history.js";

/** A guardrail with its defaults applied and its redaction placeholders decided. */
export interface ResolvedGuardrail {
  id: string;
  version: string;
  trace: "enabled" | "enabled_full" | "disabled";
  streamProcessingMode: "sync" | "async";
  guard: GuardContentMode;
  /** The placeholder for blocked input, or `undefined` to keep it. */
  redactInput: string | undefined;
  /** The placeholder for a blocked answer, or `undefined` to keep it. */
  redactOutput: string | undefined;
}

/**
 * The options of a guardrail, checked, copied (a caller mutating its object later cannot change a running
 * agent, and two agents never share one) and completed with their defaults.
 */
export function resolveGuardrail(options: GuardrailOptions): ResolvedGuardrail {
  checkIdAndVersion(options, "guardrail");
  const guard = options.guard ?? "latest-user-message";
  const redactByDefault = guard !== "latest-user-message";
  const { redactInput = redactByDefault, redactOutput = redactByDefault } = options.onIntervention ?? {};
  return {
    id: options.id,
    version: options.version,
    trace: options.trace ?? "enabled",
    streamProcessingMode: options.streamProcessingMode ?? "sync",
    guard,
    redactInput: placeholder(redactInput, DEFAULT_REDACTED_INPUT),
    redactOutput: placeholder(redactOutput, DEFAULT_REDACTED_OUTPUT),
  };
}

/** A tool guardrail with its defaults applied: which sides it checks, and how. */
export type ResolvedToolGuardrail =
  | { mode: "apply-guardrail"; id: string; version: string; input: boolean; output: boolean }
  | {
      mode: "checks";
      input: boolean;
      output: boolean;
      contentFilter: ScoreThresholds<GuardrailChecksContentFilterCategory>;
      promptAttack: ScoreThresholds<GuardrailChecksPromptAttackCategory>;
      sensitiveInformation:
        | {
            entities: GuardrailChecksSensitiveInformationEntityType[];
            action: "mask" | "block";
            minConfidence: number;
          }
        | undefined;
    };

/** A tool guardrail, checked and copied. */
export function resolveToolGuardrail(options: ToolGuardrailOptions): ResolvedToolGuardrail {
  const sides = { input: options.input ?? true, output: options.output ?? true };
  if (options.mode !== "checks") {
    checkIdAndVersion(options, "toolGuardrail");
    return { mode: "apply-guardrail", id: options.id, version: options.version, ...sides };
  }
  const contentFilter = { ...options.contentFilter };
  const promptAttack = { ...options.promptAttack };
  for (const [name, thresholds] of [
    ["contentFilter", contentFilter],
    ["promptAttack", promptAttack],
  ] as const)
    for (const [category, threshold] of Object.entries(thresholds))
      if (!isScore(threshold))
        throw new LodeError(
          "invalid-config",
          `toolGuardrail.${name}.${category} must be a threshold from 0 to 1.`,
        );
  const sensitive = options.sensitiveInformation;
  if (sensitive && (!Array.isArray(sensitive.entities) || sensitive.entities.length === 0))
    throw new LodeError(
      "invalid-config",
      "toolGuardrail.sensitiveInformation.entities must list entity types.",
    );
  if (sensitive?.minConfidence !== undefined && !isScore(sensitive.minConfidence))
    throw new LodeError(
      "invalid-config",
      "toolGuardrail.sensitiveInformation.minConfidence must be from 0 to 1.",
    );
  if (Object.keys(contentFilter).length === 0 && Object.keys(promptAttack).length === 0 && !sensitive)
    throw new LodeError(
      "invalid-config",
      'toolGuardrail with mode "checks" needs contentFilter, promptAttack or sensitiveInformation.',
    );
  return {
    mode: "checks",
    ...sides,
    contentFilter,
    promptAttack,
    sensitiveInformation: sensitive && {
      entities: [...sensitive.entities],
      action: sensitive.action ?? "mask",
      minConfidence: sensitive.minConfidence ?? 0.5,
    },
  };
}

function isScore(value: unknown): boolean {
  return typeof value === "number" && value >= 0 && value <= 1;
}

/** The `guardrailConfig` of every request of a run with this guardrail. */
export function toGuardrailConfig(guardrail: ResolvedGuardrail): GuardrailStreamConfiguration {
  return {
    guardrailIdentifier: guardrail.id,
    guardrailVersion: guardrail.version,
    trace: guardrail.trace,
    streamProcessingMode: guardrail.streamProcessingMode,
  };
}

function placeholder(setting: boolean | string, fallback: string): string | undefined {
  if (typeof setting === "string") return setting.trim() === "" ? fallback : setting;
  return setting ? fallback : undefined;
}

function checkIdAndVersion(options: { id?: unknown; version?: unknown }, name: string): void {
  if (typeof options.id !== "string" || options.id.trim() === "")
    throw new LodeError("invalid-config", `${name}.id must be a guardrail identifier or ARN.`);
  if (typeof options.version !== "string" || options.version.trim() === "")
    throw new LodeError("invalid-config", `${name}.version must be a version such as "1" or "DRAFT".`);
}
