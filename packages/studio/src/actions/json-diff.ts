import type { ValueDifference } from "../protocol/api.js";

/**
 * Where two JSON values differ: the paths (`messages.2.content.0.text`; arrays by index, `""` for the root)
 * whose values are not equal, with both values. An object or array on one side and anything else on the
 * other is one difference at that path; a key on one side only is one difference (the other value
 * `undefined`). Depth first, keys in the order first seen.
 */
export function jsonDiff(a: unknown, b: unknown, path = ""): ValueDifference[] {
  const containerA = isContainer(a);
  const containerB = isContainer(b);
  if (containerA && containerB && Array.isArray(a) === Array.isArray(b)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    return keys.flatMap((key) => jsonDiff(left[key], right[key], path ? `${path}.${key}` : key));
  }
  if (containerA || containerB) return [{ path, a, b }];
  return Object.is(a, b) ? [] : [{ path, a, b }];
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
