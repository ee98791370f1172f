/**
 * Whether `actual` has everything `expected` says: objects key by key (extra keys allowed, at any depth),
 * arrays element by element (same length), anything else equal. `undefined` expects nothing.
 */
export function partialMatch(actual: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => partialMatch(actual[index], item))
    );
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) =>
      partialMatch((actual as Record<string, unknown>)[key], value),
    );
  }
  return Object.is(actual, expected);
}
