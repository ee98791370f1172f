/**
 * The GenAI conventions' finish reason (`stop`, `length`, `content_filter`, `tool_call`, `error`) for a
 * Bedrock stop reason, as an output message's `finish_reason` holds it. A reason the conventions have no
 * name for (one of Lode's run limits, `awaiting_approval`, a stop reason newer than this table) is kept as
 * it is: the schema takes any string.
 */
export function finishReasonOf(stopReason: string): string {
  return FINISH_REASONS[stopReason] ?? stopReason;
}

const FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  // The request and its answer no longer fit the model's context: the token limit was reached.
  model_context_window_exceeded: "length",
  tool_use: "tool_call",
  guardrail_intervened: "content_filter",
  content_filtered: "content_filter",
  malformed_model_output: "error",
  malformed_tool_use: "error",
};
