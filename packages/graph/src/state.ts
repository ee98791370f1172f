import { LodeError } from "@lode/core";
import type { z } from "zod";

/** How a key's value and a node's update for it become the new value. */
export type Reducer<V> = (current: V, update: V) => V;

/** A list key that keeps every update: `append<string>()`. */
export function append<T>(): Reducer<T[]> {
  return (current, update) => [...(current ?? []), ...(Array.isArray(update) ? update : [update as T])];
}

/** An object key whose updates are merged into it, key by key. */
export function merge<T extends object>(): Reducer<T> {
  return (current, update) => ({ ...(current ?? {}), ...update }) as T;
}

/** A graph's state: a zod object; each key replaced by updates unless its reducer says otherwise. */
export type StateSchema = z.ZodObject;

/** A state's reducers, by key; keys without one are replaced. */
export type Reducers<S> = { [K in keyof S]?: Reducer<S[K]> };

/**
 * Applies one node's update to the state through the reducers, checking each key it writes against the
 * state's schema: a key the state does not have, or a value of the wrong shape, is an `invalid-state`
 * error naming the node and the key (the state is left as it was).
 */
export function applyUpdate<S extends Record<string, unknown>>(
  schema: StateSchema,
  reducers: Reducers<S>,
  state: S,
  update: Partial<S> | undefined,
  node: string,
): S {
  if (update === undefined || update === null) return state;
  if (typeof update !== "object" || Array.isArray(update))
    throw new LodeError(
      "invalid-state",
      `Node "${node}" returned ${typeName(update)}, not an update of the state.`,
    );
  const next: Record<string, unknown> = { ...state };
  for (const [key, value] of Object.entries(update)) {
    const field = schema.shape[key] as z.ZodType | undefined;
    if (!field)
      throw new LodeError(
        "invalid-state",
        `Node "${node}" wrote "${key}", which the graph's state does not have.`,
      );
    const reducer = reducers[key as keyof S] as Reducer<unknown> | undefined;
    const reduced = reducer ? reducer(state[key], value) : value;
    const checked = field.safeParse(reduced);
    if (!checked.success)
      throw new LodeError(
        "invalid-state",
        `Node "${node}" wrote "${key}" of the wrong shape: ${checked.error.issues.map((issue) => `${issue.path.join(".") || key}: ${issue.message}`).join("; ")}.`,
      );
    next[key] = checked.data;
  }
  return next as S;
}

function typeName(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
