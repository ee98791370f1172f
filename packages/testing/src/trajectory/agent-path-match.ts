import type { AgentPath } from "@lode/core";

/**
 * Which agent an expectation means: a name (the agent that acted, wherever it sits: the last name of its
 * path), or a whole path, outermost first (`["support", "docs"]`: docs, called as a tool by support).
 */
export type AgentSelector = string | AgentPath;

/** Whether `path` is the agent `selector` means. */
export function matchesAgent(path: AgentPath, selector: AgentSelector): boolean {
  return typeof selector === "string" ? path.at(-1) === selector : samePath(path, selector);
}

/** Whether two paths name the same agents in the same order. */
export function samePath(a: AgentPath, b: AgentPath): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

/** A path as failure messages write it: `support/docs`. */
export function describePath(path: AgentPath): string {
  return path.join("/");
}

/** A selector as failure messages write it: a name as it is, a path as `support/docs`. */
export function describeAgent(selector: AgentSelector): string {
  return typeof selector === "string" ? selector : describePath(selector);
}
