import type { AgentCard } from "@a2a-js/sdk";
import type { AnyTool, ConversationStore, ParentRun, RunInput, RunResult } from "@lode/core";
import { Agent, LodeError, textOf } from "@lode/core";
import { type A2AAgentOptions, type RemoteConnection, remoteConnection } from "./remote-connection.js";
import { type RemoteRunInput, remoteRun } from "./remote-run.js";
import { remoteSpeaker } from "./remote-speaker.js";
import { type RemoteStream, remoteStream } from "./remote-stream.js";
import { type RemoteToolOptions, remoteTool } from "./remote-tool.js";

/** A run of the remote agent: as `Agent.stream`'s options, of which a remote needs these. */
export interface A2ARunOptions {
  signal?: AbortSignal;
  /** The caller's run and tool call (or graph task), when the remote runs inside one: its path goes under it. */
  parent?: ParentRun;
  /** The remote's conversation (its A2A `contextId`): runs with the same session continue it. */
  sessionId?: string;
  runId?: string;
}

/** A remote A2A agent, for Lode: a tool (`asTool`), a graph node (`stream`), or run on its own. */
export interface A2AAgent {
  readonly url: string;
  readonly options: { readonly name: string; readonly description: string };
  /** The remote's agent card (read once, at the first use; a card that cannot be read rejects). */
  card(): Promise<AgentCard>;
  /** The remote agent as a tool of a Lode agent: a supervisor's sub-agent that runs elsewhere. */
  asTool(options?: RemoteToolOptions): AnyTool;
  /**
   * Sends `input` to the remote and streams its run as a Lode run's events, as `Agent.stream` does (so
   * `agentNode(a2aAgent(url), …)` works). `{ decisions }` answers the question a paused run asked.
   */
  stream(input: RunInput, options?: A2ARunOptions): RemoteStream;
  /** `stream()`, read to its end. */
  run(input: RunInput, options?: A2ARunOptions): Promise<RunResult<unknown>>;
  /**
   * The remote agent as a Lode `Agent` whose turns the remote takes (`AgentOptions.speaker`): list it in
   * another agent's `handoffs` and the conversation can be handed to it; the session then keeps it as the
   * active agent, so the next message goes to the remote. Its `modelId` is `a2a:` and the URL (it names
   * it in traces; no Bedrock call is made for its turns). `store` is where it keeps a session it runs
   * itself (as a handoff target it writes to the entry agent's).
   */
  asAgent(options?: { store?: ConversationStore }): Agent;
}

/**
 * A remote agent that speaks A2A, at `url` (its card at `url` + `/.well-known/agent-card.json`). Nothing
 * is sent until its first use: then its card is read, and a card that cannot be read fails that use (a
 * tool call's error result; a node's error), with `remote-agent-failed`. Each use sends one message and
 * streams the remote's task until it finishes or asks for input.
 */
export function a2aAgent(url: string, options: A2AAgentOptions = {}): A2AAgent {
  const remote = remoteConnection(url, options);
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(remote.name))
    throw new LodeError(
      "invalid-config",
      `A remote agent's name is letters, digits, _ or - (at most 64): ${JSON.stringify(remote.name)}.`,
    );
  const description = options.description ?? `The ${remote.name} agent, a remote agent at ${url}.`;
  const stream = (input: RunInput, runOptions: A2ARunOptions = {}) => {
    const abort = new AbortController();
    const signal = runOptions.signal ? AbortSignal.any([runOptions.signal, abort.signal]) : abort.signal;
    const generator = remoteRun(remote, remoteInputOf(input, runOptions.sessionId), {
      signal,
      ...(runOptions.parent ? { parent: runOptions.parent } : {}),
      ...(runOptions.sessionId !== undefined ? { sessionId: runOptions.sessionId } : {}),
      ...(runOptions.runId !== undefined ? { runId: runOptions.runId } : {}),
    });
    return remoteStream(generator, abort);
  };
  return {
    url,
    options: { name: remote.name, description },
    card: () => remote.card(),
    asTool: (toolOptions) => remoteTool(remote as RemoteConnection, description, toolOptions),
    stream,
    run: (input, runOptions) => stream(input, runOptions).result,
    asAgent: (agentOptions = {}) =>
      new Agent({
        name: remote.name,
        description,
        modelId: `a2a:${url}`,
        speaker: remoteSpeaker(remote),
        ...(agentOptions.store ? { store: agentOptions.store } : {}),
      }),
  };
}

/** A run's input as the remote gets it: text (the messages' text, joined), or a decision on its question. */
function remoteInputOf(input: RunInput, sessionId: string | undefined): RemoteRunInput {
  const context = sessionId !== undefined ? { contextId: sessionId } : {};
  if (typeof input === "string") return { text: input, ...context };
  if (!Array.isArray(input)) {
    const decision = input.decisions[0];
    if (!decision) throw new LodeError("invalid-request", "A remote agent's run was given no decision.");
    return { decision };
  }
  const messages = input.map((entry) =>
    "role" in entry ? entry : { role: "user" as const, content: [entry] },
  ) as Parameters<typeof textOf>[0][];
  return { text: messages.map((message) => textOf(message)).join("\n\n"), ...context };
}
