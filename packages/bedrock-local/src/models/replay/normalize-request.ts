import { isJsonObject } from "../model-turn.js";

/** Keys whose values change from one run of the same test to the next, and so never decide a match. */
const VOLATILE_KEYS = new Set(["requestMetadata"]);

/**
 * A request body as strict replay compares it: tool use ids (`tooluse_…`, fresh on every recording) become
 * their order of first appearance (`<tool-use-1>`, …), so a conversation matches whatever ids it was given,
 * and request metadata (trace ids, timestamps a caller stamps) is left out. Everything else must be equal.
 */
export function normalizeRequest(body: unknown): unknown {
  const ids = new Map<string, string>();
  const placeholder = (id: string) => {
    let name = ids.get(id);
    if (!name) {
      name = `<tool-use-${ids.size + 1}>`;
      ids.set(id, name);
    }
    return name;
  };
  // Iterative, not recursive: a body nested thousands deep must not overflow the stack.
  const root: { value: unknown } = { value: structuredClone(body) };
  const stack: unknown[] = [root.value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      stack.push(...item);
      continue;
    }
    if (!isJsonObject(item)) continue;
    for (const key of Object.keys(item)) {
      if (VOLATILE_KEYS.has(key)) delete item[key];
      else if (key === "toolUseId" && typeof item[key] === "string") item[key] = placeholder(item[key]);
      else stack.push(item[key]);
    }
  }
  return root.value;
}
