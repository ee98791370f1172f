/**
 * Bedrock reports an over-long input as a plain ValidationException; only its message tells it apart.
 * This table is the one place Lode matches error text (see DESIGN.md, "Errors"). The stop reason
 * `model_context_window_exceeded` is the same condition reported after the model started.
 */
export const CONTEXT_OVERFLOW_MESSAGE_PATTERNS: readonly RegExp[] = [
  /input is too long for requested model/i,
  /too many input tokens/i,
  /prompt is too long/i,
  /input length and `max_tokens` exceed context limit/i,
  /exceeds? the (maximum|model'?s?) (context|input) (length|window)/i,
  /context window/i,
];

export const CONTEXT_OVERFLOW_STOP_REASON = "model_context_window_exceeded";

export function isContextOverflowMessage(message: string): boolean {
  return CONTEXT_OVERFLOW_MESSAGE_PATTERNS.some((pattern) => pattern.test(message));
}
