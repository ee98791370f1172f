import type { Speaker, SpeakRequest } from "@lode/core";
import { textOf } from "@lode/core";
import type { RemoteConnection } from "./remote-connection.js";
import { exchange } from "./remote-exchange.js";

type Message = SpeakRequest["messages"][number];

/**
 * The remote agent as a speaker (a Lode agent's turns taken by the remote): each turn is one message on
 * the remote's conversation for the session (its A2A `contextId` is the session id, else the run id). The
 * first turn after a handoff sends the conversation so far as text; later turns send the user's message.
 * A question the remote asks (`input-required`) is its turn's answer, and the session's next message is
 * sent on the same task as the answer to it (kept in this process: another process starts a new task in
 * the same conversation).
 */
export function remoteSpeaker(remote: RemoteConnection): Speaker {
  const asking = new Map<string, string>();
  return {
    async *speak({ messages, signal, sessionId, runId }) {
      const contextId = sessionId ?? runId;
      const taskId = asking.get(contextId);
      asking.delete(contextId);
      const events = exchange(
        remote,
        { text: turnText(messages), contextId, ...(taskId !== undefined ? { taskId } : {}) },
        signal,
      );
      let streamed = false;
      let next = await events.next();
      for (; !next.done; next = await events.next())
        if (next.value.kind === "text") {
          streamed = true;
          yield next.value.text;
        }
      const outcome = next.value;
      if (outcome.kind === "input-required") {
        asking.set(contextId, outcome.taskId);
        yield `${streamed ? "\n\n" : ""}${outcome.question}`;
      } else if (!streamed && outcome.data !== undefined) yield JSON.stringify(outcome.data);
    },
  };
}

/**
 * What the remote is sent for a turn: the user's new message; or, when the turn follows a handoff (the
 * last user turn is the answered transfer, no text), the conversation's text turns, each named by its role.
 */
function turnText(messages: readonly Message[]): string {
  const last = messages.at(-1);
  const said = last ? textOf(last) : "";
  if (said.trim() !== "") return said;
  return messages
    .map((message) => ({ role: message.role === "user" ? "User" : "Assistant", text: textOf(message) }))
    .filter(({ text }) => text.trim() !== "")
    .map(({ role, text }) => `${role}: ${text}`)
    .join("\n\n");
}
