type Frame = { kind: "{" | "["; expecting: "key" | "value" };

/**
 * Best-effort parse of a JSON document that is still arriving, so a UI can show tool arguments as they
 * form. A half-written string value is shown as far as it goes; a half-written key or literal is left
 * out until it is whole. One pass over the text; `undefined` when nothing can be made of it yet.
 */
export function parsePartialJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  // One pass decides how to complete the text; JSON.parse runs once on the likely-valid completion,
  // because a failed parse (a thrown SyntaxError) costs far more than the scan.
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
  else if (!inString && endsOnWholeValue(text, stack.length)) attempts.push(text.trimEnd() + closers());
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

/** Whether the text, outside any string, ends on something that can close: a value, not `:` `,` or a partial literal. */
function endsOnWholeValue(text: string, openContainers: number): boolean {
  const trimmed = text.trimEnd();
  const last = trimmed.at(-1) ?? "";
  if (last === "}" || last === "]" || last === '"') return true;
  if (/[\d]$/.test(trimmed)) return true;
  if (/(true|false|null)$/.test(trimmed)) return true;
  return openContainers === 0 && trimmed.length > 0 && !/[,:{[]$/.test(trimmed);
}
