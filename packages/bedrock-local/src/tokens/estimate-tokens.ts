/**
 * bedrock-local's one token estimator, used for `usage`, CountTokens and the context-window check.
 *
 * Rule: every string found anywhere in the counted value costs `ceil(utf8Bytes / 4)` tokens, every
 * message costs 3 more (role and framing), and binary payloads (image, document and video `bytes`)
 * cost `ceil(bytes / 750)`. It is deterministic and roughly the size of real tokenizers on English.
 */
export function estimateTokens(value: unknown): number {
  // An explicit stack, not recursion: a request may nest thousands deep (a tool input is any JSON), and
  // that must cost tokens, not the server's call stack.
  const pending: unknown[] = [value];
  let sum = 0;
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") sum += Math.ceil(Buffer.byteLength(item, "utf8") / 4);
    else if (item instanceof Uint8Array) sum += Math.ceil(item.length / 750);
    else if (Array.isArray(item)) for (const member of item) pending.push(member);
    else if (item && typeof item === "object") {
      for (const [key, member] of Object.entries(item)) {
        if (key === "bytes" && typeof member === "string") sum += Math.ceil((member.length * 3) / 4 / 750);
        else pending.push(member);
      }
    }
  }
  return sum;
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
