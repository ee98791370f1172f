import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentPath } from "./agent-path.js";

/** What a speaker is asked for one turn of its agent. */
export interface SpeakRequest {
  /**
   * The conversation as its agent sees it, as a model's request would carry it (after a handoff, the
   * handoff's view; the agent's context strategy applied). It ends on the user's turn: a new message, or
   * the answered transfer that handed the conversation over.
   */
  messages: Message[];
  /** The run's signal: aborted with the run (or by its time limit). */
  signal: AbortSignal;
  /** The run's session, when it has one: a speaker that keeps a conversation of its own keys it by this. */
  sessionId: string | undefined;
  runId: string;
  agentPath: AgentPath;
}

/**
 * An agent whose turns are taken elsewhere than by a Bedrock model: a remote agent (`@lode/a2a`'s
 * `a2aAgent(url).asAgent()`). Given as `AgentOptions.speaker`, it answers each of its agent's steps in place
 * of the model: the text it yields streams as the step's text (`text-start`, `text-delta`s, `text-end`), and
 * the step ends with it as the assistant's message, stop reason `end_turn`, zero usage (its spending is
 * not Lode's to know). Such an agent can be a handoff target like any other: the conversation goes to it,
 * the session keeps it as the active agent, and the next user message is its to answer. A speaker that
 * throws fails the run with what it threw (a `LodeError` as it is).
 */
export interface Speaker {
  speak(request: SpeakRequest): AsyncIterable<string>;
}
