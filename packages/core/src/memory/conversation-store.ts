import type { Message } from "@aws-sdk/client-bedrock-runtime";

/** A session's stored conversation and the version it was read at. */
export interface StoredConversation {
  messages: Message[];
  /** Increases with every append; 0 for a session that does not exist yet. */
  version: number;
}

/**
 * Where conversations live between runs (Bedrock keeps none). Appends are optimistic: a writer passes
 * the version it read, and a store that has moved on since throws a `LodeError` with code `"conflict"`,
 * so two writers can never interleave or lose a turn.
 */
export interface ConversationStore {
  load(sessionId: string): Promise<StoredConversation>;
  /** Appends `messages` atomically, if the session is still at `expectedVersion`; resolves to the new version. */
  append(sessionId: string, messages: Message[], expectedVersion: number): Promise<number>;
  delete(sessionId: string): Promise<void>;
  listSessions(): Promise<string[]>;
}
