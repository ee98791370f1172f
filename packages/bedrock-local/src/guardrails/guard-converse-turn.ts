import type { OperationName } from "../models/model-source.js";
import type { JsonObject, ModelTurn, TurnBlock } from "../models/model-turn.js";
import { toContentBlock } from "../models/render-converse-output.js";
import { guardedInputTexts, toGuardrailTexts, withReplacedTexts } from "./converse-guarded-input.js";
import { assessmentScope, type ConverseGuardrail } from "./converse-guardrail.js";
import { converseGuardrailTrace } from "./converse-guardrail-trace.js";
import { evaluateGuardrail, type GuardrailEvaluation } from "./evaluate-guardrail.js";

/** The stop reason Bedrock gives whenever a guardrail blocked or masked what the client receives. */
export const GUARDRAIL_INTERVENED = "guardrail_intervened";

/** A request's guardrail and its verdict on the input: what guarding the model's answer needs. */
export interface OutputGuard {
  guardrail: ConverseGuardrail;
  input: GuardrailEvaluation;
}

export interface InputAssessment {
  evaluation: GuardrailEvaluation;
  /** The body the model reads: the request's own, with anonymized matches masked (`{EMAIL}`). */
  body: JsonObject;
}

/**
 * Assesses a request's input before the model sees it. A block means the model is not called; masking
 * (ANONYMIZE) does not block: the model gets the request with the matches replaced, as Bedrock's
 * sensitive-information filters do "in the model request or response".
 */
export function assessConverseInput(guardrail: ConverseGuardrail, body: JsonObject): InputAssessment {
  const texts = guardedInputTexts(body);
  const evaluation = evaluateGuardrail(guardrail.definition, toGuardrailTexts(texts), "INPUT", {
    outputScope: assessmentScope(guardrail),
  });
  const masked = !evaluation.blocked && evaluation.action === "GUARDRAIL_INTERVENED";
  return { evaluation, body: masked ? withReplacedTexts(body, texts, evaluation.masked) : body };
}

/**
 * The answer to a request whose input was blocked: the guardrail's `blockedInputMessaging` as the assistant's
 * text, stop reason `guardrail_intervened`, no tokens (no model ran) and the input assessment in the trace.
 */
export function blockedInputTurn(guardrail: ConverseGuardrail, input: GuardrailEvaluation): ModelTurn {
  const message = input.outputs[0]?.text ?? "";
  const trace = converseGuardrailTrace({ guardrail, input });
  return {
    content: [{ kind: "text", text: message }],
    stopReason: GUARDRAIL_INTERVENED,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    pacing: wholeMessagePacing(message),
    ...(trace ? { trace } : {}),
  };
}

/**
 * Guards a whole answer before any of it is sent (Converse, and ConverseStream in `sync` mode). The text
 * blocks are assessed as OUTPUT (tool uses and reasoning are not: Bedrock does not evaluate them). A block
 * replaces the whole answer with `blockedOutputsMessaging`; masking replaces each text with its masked
 * version; either way the stop reason becomes `guardrail_intervened` and the trace keeps the model's own
 * answer in `modelOutput`.
 */
export function guardWholeOutput(guard: OutputGuard, turn: ModelTurn, operation: OperationName): ModelTurn {
  const { guardrail, input } = guard;
  const output = assessOutputTexts(guardrail, outputTexts(turn));
  const intervened = output.action === "GUARDRAIL_INTERVENED";
  const trace = converseGuardrailTrace({
    guardrail,
    input,
    output,
    ...(intervened ? { modelOutput: modelOutputOf(turn, operation) } : {}),
  });
  const withTrace = { ...turn, ...(trace ? { trace } : {}) };
  if (!intervened) return withTrace;
  if (output.blocked) {
    const message = output.outputs[0]?.text ?? "";
    return {
      ...withTrace,
      content: [{ kind: "text", text: message }],
      stopReason: GUARDRAIL_INTERVENED,
      pacing: { ...turn.pacing, chunkSize: wholeMessagePacing(message).chunkSize },
    };
  }
  let textIndex = 0;
  const content = turn.content.map((block): TurnBlock => {
    if (block.kind !== "text" && block.kind !== "cited-text") return block;
    return { ...block, text: output.masked[textIndex++] ?? block.text };
  });
  return { ...withTrace, content, stopReason: GUARDRAIL_INTERVENED };
}

/** Evaluates the model's texts as OUTPUT, at the scope the request's trace setting asks for. */
export function assessOutputTexts(guardrail: ConverseGuardrail, texts: string[]): GuardrailEvaluation {
  return evaluateGuardrail(guardrail.definition, texts, "OUTPUT", {
    outputScope: assessmentScope(guardrail),
  });
}

/** The texts of an answer a guardrail reads, one per text block. */
export function outputTexts(turn: ModelTurn): string[] {
  return turn.content.flatMap((block) =>
    block.kind === "text" || block.kind === "cited-text" ? [block.text] : [],
  );
}

/**
 * `modelOutput` as Bedrock reports it: Converse gives the model's whole response as one JSON string (here in
 * the Converse shape, as Nova's recording shows), ConverseStream the model's raw text.
 */
export function modelOutputOf(turn: ModelTurn, operation: OperationName): string[] {
  if (operation === "ConverseStream") return [outputTexts(turn).join("")];
  return [
    JSON.stringify({
      output: { message: { content: turn.content.map(toContentBlock), role: "assistant" } },
      stopReason: turn.stopReason,
      usage: turn.usage,
    }),
  ];
}

/** A guardrail's own message is not generated token by token: it streams as one delta. */
export function wholeMessagePacing(message: string): { chunkSize: number; delayMs: number } {
  return { chunkSize: Math.max(1, Array.from(message).length), delayMs: 0 };
}
