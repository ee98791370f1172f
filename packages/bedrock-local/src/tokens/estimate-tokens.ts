/**
 * bedrock-local's one token estimator, used for `usage`, CountTokens and the context-window check.
 *
 * Rule: every string found anywhere in the counted value costs `ceil(utf8Bytes / 4)` tokens, every
 * message costs 3 more (role and framing), and binary payloads (image, document and video `bytes`)
 * cost `ceil(bytes / 750)`. It is deterministic and roughly the size of real tokenizers on English.
 */
export function estimateTokens(value: unknown): number {
  if (typeof value === "string") return Math.ceil(Buffer.byteLength(value, "utf8") / 4);
  if (value instanceof Uint8Array) return Math.ceil(value.length / 750);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + estimateTokens(item), 0);
  if (value && typeof value === "object") {
    let sum = 0;
    for (const [key, item] of Object.entries(value)) {
      if (key === "bytes" && typeof item === "string") sum += Math.ceil((item.length * 3) / 4 / 750);
      else sum += estimateTokens(item);
    }
    return sum;
  }
  return 0;
}

/** Input tokens of a Converse-shaped request: system, messages (3 each for framing) and tool definitions. */
export function estimateInputTokens(request: {
  system?: unknown;
  messages?: unknown;
  toolConfig?: unknown;
}): number {
  const messages = Array.isArray(request.messages) ? request.messages : [];
  return (
    estimateTokens(request.system) +
    estimateTokens(messages) +
    3 * messages.length +
    estimateTokens(request.toolConfig)
  );
}
