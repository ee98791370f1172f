import type { ConversationStore, StoredConversation } from "../contracts/conversation-store.js";
import { LodeError } from "../errors/lode-error.js";
import { typeName } from "../tools/check-tool.js";

/**
 * What a store's `load` answered, checked against the contract before the run uses it: a store of the
 * caller's own that answers something else would otherwise fail later as a TypeError (`unknown`) naming
 * neither the store nor the session. Not retryable: the same store answers the same way again.
 */
export function checkStoredConversation(
  store: ConversationStore,
  sessionId: string,
  stored: unknown,
): StoredConversation {
  const { messages, version } = (stored ?? {}) as Partial<Record<keyof StoredConversation, unknown>>;
  const problem =
    typeof stored !== "object" || stored === null
      ? `answered ${typeName(stored)}`
      : !Array.isArray(messages)
        ? `answered messages: ${typeName(messages)}`
        : !Number.isInteger(version) || (version as number) < 0
          ? `answered version: ${typeName(version)}`
          : undefined;
  if (problem === undefined) return stored as StoredConversation;
  return fail(store, sessionId, problem);
}

function fail(store: ConversationStore, sessionId: string, problem: string): never {
  const name = store.constructor?.name;
  const which = name && name !== "Object" ? `The conversation store (${name})` : "The conversation store";
  throw new LodeError(
    "store-failed",
    `${which} ${problem} to load(${quoted(sessionId)}): load must resolve to { messages: Message[], version: number }.`,
    { retryable: false },
  );
}

/** The session id as a message shows it: quoted, a long one cut short. */
function quoted(sessionId: string): string {
  return JSON.stringify(sessionId.length > 60 ? `${sessionId.slice(0, 60)}…` : sessionId);
}
