type Frame = { kind: "{" | "["; expecting: "key" | "value" };

/**
 * Best-effort parse of a JSON document that is still arriving, so a UI can show tool arguments as they
 * form. A half-written string value is shown as far as it goes; a half-written key or literal is left
 * out until it is whole. One pass over the text; `undefined` when nothing can be made of it yet.
 */
export function parsePartialJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // still arriving: complete it below
  }
  const stack: Frame[] = [];
  const closers = () =>
    stack
      .map((frame) => (frame.kind === "{" ? "}" : "]"))
      .reverse()
      .join("");
  // The longest prefix known to end on a whole value, and what closes it.
  let safe: { end: number; closers: string } | undefined;
  let inString = false;
  let stringIsKey = false;
  let escaped = false;

  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') {
        inString = false;
        if (!stringIsKey) safe = { end: index + 1, closers: closers() };
      }
      continue;
    }
    const top = stack.at(-1);
    if (char === '"') {
      inString = true;
      stringIsKey = top?.kind === "{" && top.expecting === "key";
    } else if (char === "{" || char === "[") {
      stack.push({ kind: char, expecting: char === "{" ? "key" : "value" });
      safe = { end: index + 1, closers: closers() };
    } else if (char === "}" || char === "]") {
      stack.pop();
      safe = { end: index + 1, closers: closers() };
    } else if (char === ":" && top) {
      top.expecting = "value";
    } else if (char === ",") {
      if (top?.kind === "{") top.expecting = "key";
      safe = { end: index, closers: closers() };
    }
  }

  const attempts: string[] = [];
  if (inString && !stringIsKey) attempts.push(`${text}"${closers()}`);
  if (!inString) attempts.push(text.trimEnd() + closers());
  if (safe) attempts.push(text.slice(0, safe.end) + safe.closers);
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt);
    } catch {
      // try the next, more conservative completion
    }
  }
  return undefined;
}
