import {
  ApplyGuardrailCommand,
  type ApplyGuardrailCommandOutput,
  type BedrockRuntimeClient,
  type GuardrailAssessment,
} from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailVerdict } from "../contracts/guardrail-intervention.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { LodeError } from "../errors/lode-error.js";
import { explainSetupFailure } from "../errors/setup-errors.js";
import { verdictOf } from "./read-assessments.js";

export interface ApplyGuardrailOptions {
  /** The client to send ApplyGuardrail with (an agent's, or one pointed at bedrock-local). */
  client: BedrockRuntimeClient;
  /** The guardrail's identifier or ARN. */
  id: string;
  /** The guardrail's version: a number such as `"1"`, or `"DRAFT"`. */
  version: string;
  /** The text to check: one string, or several checked together (each gets its own output when masked). */
  content: string | string[];
  /** `"INPUT"` for what a model will read (input policies apply), `"OUTPUT"` for what a model wrote. */
  source: "INPUT" | "OUTPUT";
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** What ApplyGuardrail decided. */
export interface ApplyGuardrailResult {
  action: "NONE" | "GUARDRAIL_INTERVENED";
  /**
   * The guarded text: when masked, the masked text of each content item (in order); when blocked, the
   * guardrail's blocked message; when nothing was found, empty.
   */
  outputs: string[];
  /** What was found and done, when the guardrail intervened. */
  intervention?: GuardrailVerdict;
  /** Bedrock's assessments as sent. */
  assessments: GuardrailAssessment[];
  requestId: string | undefined;
}

/**
 * Checks text with a guardrail, outside any model call (Bedrock's ApplyGuardrail). Rejects with a
 * `LodeError` carrying the request id: `not-found` for an unknown guardrail or version, `throttled`, ….
 *
 * ```ts
 * const checked = await applyGuardrail({ client, id: "support", version: "1", content: reply, source: "OUTPUT" });
 * const safe = checked.action === "NONE" ? reply : checked.outputs.join("");
 * ```
 */
export async function applyGuardrail(options: ApplyGuardrailOptions): Promise<ApplyGuardrailResult> {
  const texts = typeof options.content === "string" ? [options.content] : options.content;
  if (texts.length === 0) throw new LodeError("invalid-request", "applyGuardrail needs some content.");
  let response: ApplyGuardrailCommandOutput;
  try {
    response = await options.client.send(
      new ApplyGuardrailCommand({
        guardrailIdentifier: options.id,
        guardrailVersion: options.version,
        source: options.source,
        content: texts.map((text) => ({ text: { text } })),
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    if (options.signal?.aborted)
      throw new LodeError("aborted", "The guardrail check was aborted.", { cause: error });
    throw await explainSetupFailure(options.client, classifyAwsError(error));
  }
  const assessments = response.assessments ?? [];
  const intervened = response.action === "GUARDRAIL_INTERVENED";
  return {
    action: intervened ? "GUARDRAIL_INTERVENED" : "NONE",
    outputs: (response.outputs ?? []).map((output) => output.text ?? ""),
    ...(intervened ? { intervention: verdictOf(assessments) } : {}),
    assessments,
    requestId: response.$metadata.requestId,
  };
}
