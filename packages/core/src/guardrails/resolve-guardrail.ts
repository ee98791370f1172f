import type { GuardrailStreamConfiguration } from "@aws-sdk/client-bedrock-runtime";
import type {
  GuardContentMode,
  GuardrailOptions,
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

/** A tool guardrail, checked and copied. */
export function resolveToolGuardrail(options: ToolGuardrailOptions): Required<ToolGuardrailOptions> {
  checkIdAndVersion(options, "toolGuardrail");
  return {
    id: options.id,
    version: options.version,
    input: options.input ?? true,
    output: options.output ?? true,
  };
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
