import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ModelGuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { ModelStepOutcome } from "../model/stream-model-step.js";
import { detectGuardrailIntervention } from "./detect-guardrail-intervention.js";
import type { GuardContentPlan } from "./guard-content.js";
import { redactUserMessage } from "./redact-history.js";
import type { ResolvedGuardrail } from "./resolve-guardrail.js";

/** Where the run's input is kept, so a redaction can replace a message there before it is written. */
export interface RedactableTranscript {
  replace(previous: Message, next: Message): boolean;
}

/**
 * Reads a guardrail's intervention in one model call and applies the guardrail's `onIntervention`: a
 * blocked input is replaced in the transcript (every message of the run's input the guardrail read, since
 * Bedrock does not say which of them it blocked), a blocked answer is marked for its placeholder.
 */
export function handleModelIntervention(options: {
  outcome: ModelStepOutcome;
  guardrail: ResolvedGuardrail | undefined;
  guardContent: GuardContentPlan | undefined;
  input: readonly Message[];
  transcript: RedactableTranscript;
}): ModelGuardrailIntervention | undefined {
  const { outcome, guardrail } = options;
  // The usual step: no guardrail stop reason, nothing to read.
  if (outcome.stopReason !== "guardrail_intervened" && outcome.stopReason !== "content_filtered")
    return undefined;
  const intervention = detectGuardrailIntervention({
    stopReason: outcome.stopReason,
    trace: outcome.trace?.guardrail,
    message: outcome.message,
    outputTokens: outcome.usage.outputTokens,
  });
  if (!intervention || !guardrail) return intervention;
  intervention.guardrailId = guardrail.id;
  intervention.guardrailVersion = guardrail.version;
  const { redactInput, redactOutput } = guardrail;
  if (intervention.side === "input" && intervention.action === "blocked" && redactInput) {
    let redacted = false;
    for (const message of guardedInput(options.input, options.guardContent)) {
      if (options.transcript.replace(message, redactUserMessage(message, redactInput))) redacted = true;
    }
    if (redacted) Object.assign(intervention, { redacted, placeholder: redactInput });
  } else if (intervention.side === "output" && intervention.action !== "masked" && redactOutput) {
    Object.assign(intervention, { redacted: true, placeholder: redactOutput });
  }
  return intervention;
}

/** The user messages of the run's input that the guardrail's input check read. */
function guardedInput(input: readonly Message[], plan: GuardContentPlan | undefined): Message[] {
  const users = input.filter((message) => message.role === "user");
  if (!plan || plan.mode === "none" || plan.mode === "all-user-text") return users;
  const read = (message: Message) =>
    (message.content ?? []).some(
      (block) => plan.marked.has(block) || (plan.mode === "latest-user-message" && plan.latest.has(block)),
    );
  const guarded = users.filter(read);
  // Nothing was wrapped in `guardContent` (an input without text): Bedrock checked every message.
  return guarded.length > 0 ? guarded : users;
}
