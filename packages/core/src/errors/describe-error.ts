/**
 * A readable message for anything a tool or a step threw: an Error's message, a string, or the JSON of
 * an object. Never throws itself, even for values `String()` cannot convert (a null-prototype object).
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === "string") return message;
  try {
    const json = JSON.stringify(error);
    if (json !== undefined) return json;
  } catch {
    // a cycle, a bigint: fall through
  }
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
