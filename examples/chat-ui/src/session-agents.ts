import type { Agent } from "@lode/core";

/** Which agent answers each session: the one its first message chose, for as long as it lasts. */
export interface SessionAgents {
  /** The session's agent; a session's first message (`message`, when it brings one) chooses it. */
  agentFor(sessionId: string, message: string): Agent;
}

/**
 * One agent per model id, made when first needed by `makeAgent`; a session stays with the agent its first
 * message went to (`modelIdFor`), so a conversation never changes model half-way.
 */
export function sessionAgents(options: {
  modelIdFor: (firstMessage: string) => string;
  makeAgent: (modelId: string) => Agent;
}): SessionAgents {
  const agents = new Map<string, Agent>();
  const bySession = new Map<string, Agent>();
  return {
    agentFor(sessionId, message) {
      const chosen = bySession.get(sessionId);
      if (chosen) return chosen;
      const modelId = options.modelIdFor(message);
      let agent = agents.get(modelId);
      if (!agent) {
        agent = options.makeAgent(modelId);
        agents.set(modelId, agent);
      }
      // Decisions alone (no message) on an unknown session choose nothing: the agent will refuse them.
      if (message) bySession.set(sessionId, agent);
      return agent;
    },
  };
}
