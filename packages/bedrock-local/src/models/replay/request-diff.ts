import { isJsonObject } from "../model-turn.js";

/** One place where two JSON values differ: its path, and each side's value there. */
export interface JsonDifference {
  path: string;
  recorded: unknown;
  received: unknown;
}

/** Where `recorded` and `received` differ, path by path (at most `limit` of them), depth first. */
export function jsonDifferences(recorded: unknown, received: unknown, limit = 50): JsonDifference[] {
  const found: JsonDifference[] = [];
  const stack: { path: string; recorded: unknown; received: unknown }[] = [{ path: "", recorded, received }];
  while (stack.length > 0 && found.length < limit) {
    const pair = stack.pop() as (typeof stack)[number];
    const bothArrays = Array.isArray(pair.recorded) && Array.isArray(pair.received);
    const bothObjects = isJsonObject(pair.recorded) && isJsonObject(pair.received);
    if (bothArrays || bothObjects) {
      const left = pair.recorded as Record<string, unknown>;
      const right = pair.received as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].reverse();
      for (const key of keys)
        stack.push({
          path: bothArrays ? `${pair.path}[${key}]` : pair.path ? `${pair.path}.${key}` : key,
          recorded: left[key],
          received: right[key],
        });
    } else if (JSON.stringify(pair.recorded) !== JSON.stringify(pair.received))
      found.push({ path: pair.path || "(the body)", recorded: pair.recorded, received: pair.received });
  }
  return found;
}

/** The differences as lines a person reads in a failed test. */
export function describeDifferences(differences: readonly JsonDifference[]): string {
  const shown = (value: unknown) => (value === undefined ? "(absent)" : truncate(JSON.stringify(value)));
  return differences
    .map(
      (difference) =>
        `  ${difference.path}:\n    recorded: ${shown(difference.recorded)}\n    received: ${shown(difference.received)}`,
    )
    .join("\n");
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
