import { GUARDRAIL_INTERVENED } from "../guardrails/guard-converse-turn.js";
import { validationError } from "../http/aws-error.js";
import type { JsonObject, ModelTurn } from "../models/model-turn.js";
import type { InvokeHeaders } from "./invoke-headers.js";

/**
 * The `guardrailConfig` a Converse request would carry for InvokeModel's guardrail headers, so the translated
 * request goes through exactly the guardrail handling Converse has (unknown guardrail, input assessment,
 * masking, blocking, output assessment). InvokeModel's trace header is upper case; Converse's is not.
 */
export function guardrailConfigFor(headers: InvokeHeaders, body: JsonObject): JsonObject | undefined {
  if (!headers.guardrail) {
    if (body["amazon-bedrock-guardrailConfig"] !== undefined)
      throw validationError(
        "The amazon-bedrock-guardrailConfig field requires a guardrail: set the X-Amzn-Bedrock-GuardrailIdentifier and X-Amzn-Bedrock-GuardrailVersion headers.",
      );
    return undefined;
  }
  if (headers.contentType !== undefined && !headers.contentType.startsWith("application/json"))
    throw validationError("A guardrail can only be applied when the content type is application/json.");
  return {
    guardrailIdentifier: headers.guardrail.identifier,
    guardrailVersion: headers.guardrail.version,
    trace: (headers.trace ?? "DISABLED").toLowerCase(),
  };
}

/**
 * The fields Bedrock adds to a model-native body when a guardrail ran: `amazon-bedrock-guardrailAction`
 * (`INTERVENED` or `NONE`) and, with the trace on, `amazon-bedrock-trace` holding the input assessment and
 * the output assessments keyed by guardrail id.
 */
export function guardrailMarks(turn: ModelTurn): JsonObject {
  const action = turn.stopReason === GUARDRAIL_INTERVENED ? "INTERVENED" : "NONE";
  const converseTrace = (turn.trace?.guardrail ?? undefined) as JsonObject | undefined;
  if (!converseTrace) return { "amazon-bedrock-guardrailAction": action };
  const outputsById = (converseTrace.outputAssessments ?? {}) as Record<string, unknown[]>;
  const outputs = Object.entries(outputsById).flatMap(([id, assessments]) =>
    assessments.map((assessment) => ({ [id]: assessment })),
  );
  return {
    "amazon-bedrock-guardrailAction": action,
    "amazon-bedrock-trace": {
      guardrail: {
        input: converseTrace.inputAssessment ?? {},
        ...(outputs.length > 0 ? { outputs } : {}),
      },
    },
  };
}
