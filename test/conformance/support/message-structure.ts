import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";

/**
 * The shape of a value with its contents left out: object keys (sorted) with the shapes of their values,
 * the distinct shapes of an array's items, and a type name for anything else. Two answers to different
 * prompts have the same structure when Bedrock put the same kinds of things in the same places.
 */
export function structureOf(value: unknown): unknown {
  if (value instanceof Uint8Array) return "bytes";
  if (value === null) return "null";
  if (Array.isArray(value)) return distinct(value.map(structureOf));
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, structureOf(item)]),
    );
  }
  return typeof value;
}

/** The structure of each content block, a run of blocks of one structure counted once. */
export function blockStructures(content: ContentBlock[]): unknown[] {
  const structures = content.map(structureOf);
  return structures.filter(
    (structure, index) => index === 0 || JSON.stringify(structure) !== JSON.stringify(structures[index - 1]),
  );
}

function distinct(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
