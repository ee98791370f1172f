import { validationError } from "../http/aws-error.js";
import type { OperationName } from "../models/model-source.js";
import type { JsonObject } from "../models/model-turn.js";
import {
  type ConstraintViolation,
  enumViolation,
  NOT_NULL,
  throwIfViolations,
} from "../validation/constraint-violations.js";
import type { GuardrailOutputScope } from "./evaluate-guardrail.js";
import type { GuardrailDefinition } from "./guardrail-definition.js";
import { GUARDRAIL_NOT_FOUND_MESSAGE, type GuardrailRegistry } from "./guardrail-registry.js";

/** `guardrailConfig.trace`: `enabled_full` also lists what was checked and not found. */
export type GuardrailTraceSetting = "enabled" | "enabled_full" | "disabled";

/** `guardrailConfig.streamProcessingMode` (ConverseStream only). */
export type GuardrailStreamProcessingMode = "sync" | "async";

/** The guardrail a Converse or ConverseStream request names, resolved against the server's definitions. */
export interface ConverseGuardrail {
  definition: GuardrailDefinition;
  /** @default "disabled", as in Bedrock's API */
  trace: GuardrailTraceSetting;
  /** @default "sync" */
  streamProcessingMode: GuardrailStreamProcessingMode;
}

const TRACE_SETTINGS = ["enabled", "disabled", "enabled_full"];
const STREAM_PROCESSING_MODES = ["sync", "async"];

/**
 * Reads `guardrailConfig`, or returns undefined when the request has none. A malformed config fails AWS's
 * request validation; an id or version that does not exist is the ValidationException Bedrock sends for
 * both, `The guardrail identifier or version provided in the request does not exist.`
 */
export function resolveConverseGuardrail(
  body: JsonObject,
  registry: GuardrailRegistry,
  operation: OperationName,
): ConverseGuardrail | undefined {
  const config = body.guardrailConfig;
  if (config === undefined || config === null) return undefined;
  if (typeof config !== "object" || Array.isArray(config))
    throw validationError("The guardrailConfig field must be an object.");
  const { guardrailIdentifier, guardrailVersion, trace, streamProcessingMode } = config as JsonObject;

  const violations: ConstraintViolation[] = [];
  for (const [name, value] of [
    ["guardrailIdentifier", guardrailIdentifier],
    ["guardrailVersion", guardrailVersion],
  ] as const) {
    if (typeof value !== "string")
      violations.push({ path: `guardrailConfig.${name}`, value: null, constraint: NOT_NULL });
  }
  violations.push(...enumViolation(trace, "guardrailConfig.trace", TRACE_SETTINGS));
  // Converse's GuardrailConfiguration has no processing mode; AWS ignores members a shape does not have.
  if (operation === "ConverseStream")
    violations.push(
      ...enumViolation(streamProcessingMode, "guardrailConfig.streamProcessingMode", STREAM_PROCESSING_MODES),
    );
  throwIfViolations(violations);

  const definition = registry.findVersion(guardrailIdentifier as string, guardrailVersion as string);
  if (!definition) throw validationError(GUARDRAIL_NOT_FOUND_MESSAGE);
  return {
    definition,
    trace: (trace as GuardrailTraceSetting | undefined) ?? "disabled",
    streamProcessingMode:
      operation === "ConverseStream"
        ? ((streamProcessingMode as GuardrailStreamProcessingMode | undefined) ?? "sync")
        : "sync",
  };
}

/** `enabled_full` reports like ApplyGuardrail's `outputScope: "FULL"`: checked-and-clean entries too. */
export function assessmentScope(guardrail: ConverseGuardrail): GuardrailOutputScope {
  return guardrail.trace === "enabled_full" ? "FULL" : "INTERVENTIONS";
}
