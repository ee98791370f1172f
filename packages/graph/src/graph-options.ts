import type { ConversationStore, RunInstrumentation } from "@lode/core";
import type { z } from "zod";
import type { Reducers, StateSchema } from "./state.js";

/** How a graph is made: its name, its state and how each key's updates combine, its limits. */
export interface GraphOptions<Schema extends StateSchema> {
  /** The graph's name: its events' path starts with it. */
  name: string;
  /** The state every node reads and updates: a zod object. */
  state: Schema;
  /** Per key, how a node's update combines with the value (`append()`, `merge()`, your own); else replaced. */
  reducers?: Reducers<z.infer<Schema>>;
  /** Steps a run may take; one more stops it (`"max_steps"`) with the state so far. @default 25 */
  maxSteps?: number;
  /** Nodes run at once within a step. @default 4 */
  concurrency?: number;
  /**
   * Where a paused run keeps its place (its state, the finished branches' updates, what waits), under its
   * `sessionId`, so that a decision in another process resumes it: a shared store (`@lode/memory`'s Redis or
   * PostgreSQL store) for that. @default an in-memory store
   */
  store?: ConversationStore;
  /**
   * Watches the graph's runs (`@lode/studio`'s `studio()` draws each node's status live); its agent nodes'
   * runs are watched by their own agents' instrumentation.
   */
  instrumentation?: RunInstrumentation;
}
