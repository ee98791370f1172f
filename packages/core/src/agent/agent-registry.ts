import type { AgentDefaults } from "./agent-defaults.js";

// What each agent resolved once, for the agents that hand it the conversation (kept off its public shape).
const resolved = new WeakMap<object, AgentDefaults>();

export function registerAgent(agent: object, defaults: AgentDefaults): void {
  resolved.set(agent, defaults);
}

/** The resolved defaults of an `Agent`; undefined for anything else. */
export function defaultsOf(agent: unknown): AgentDefaults | undefined {
  return typeof agent === "object" && agent !== null ? resolved.get(agent) : undefined;
}
