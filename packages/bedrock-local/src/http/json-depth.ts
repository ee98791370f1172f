/**
 * The deepest nesting of arrays and objects bedrock-local accepts in a JSON body. Every later step may walk a
 * body recursively (JSON.stringify does, as do the guardrail and replay code paths); a body under this
 * depth cannot overflow the call stack of any of them, so none has to be written with an explicit stack.
 */
export const MAX_JSON_DEPTH = 2_500;

/** How deep `text`'s arrays and objects nest, read once, strings skipped; stops counting past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // a backslash: the next character is escaped
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}
