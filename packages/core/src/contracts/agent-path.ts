/**
 * The agents an event came from, outermost first: `["triage"]` for the run's own agent, `["billing"]` once
 * triage handed the conversation to billing, `["support", "docs"]` for the events of a sub-agent that the
 * support agent called as a tool. An agent without a `name` is `"agent"`.
 */
export type AgentPath = readonly string[];

/** The caller of a sub-agent's run: the run and the tool call it runs inside, and the caller's path. */
export interface ParentRun {
  runId: string;
  toolUseId: string;
  agentPath: AgentPath;
}
