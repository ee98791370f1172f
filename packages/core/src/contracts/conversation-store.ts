import type { Message } from "@aws-sdk/client-bedrock-runtime";

/** A session's stored conversation and the version it was read at. */
export interface StoredConversation {
  messages: Message[];
  /** Increases with every append; 0 for a session that does not exist yet. */
  version: number;
}

/** Free-form string fields about a session (a title, an owner, tags), kept beside its messages. */
export type SessionMetadata = Record<string, string>;

/** How one append identifies what it writes. */
export interface AppendOptions {
  /**
   * Names this block of messages, unique within the session (Lode passes `"{runId}:{index}"`). When the
   * session already holds a block appended under this name, the append writes nothing and resolves to the
   * session's current version, whatever `expectedVersion` says: a writer that tries again after an append
   * whose answer it never got (a timeout, a dropped connection) can never store the block twice.
   */
  blockId?: string;
}

/**
 * Where conversations live between runs (Bedrock keeps none). Appends are optimistic: a writer passes
 * the version it read, and a store that has moved on since throws a `LodeError` with code `"conflict"`
 * whose `currentVersion` is the version it found, so two writers can never interleave or lose a turn, and
 * the loser can try again at once, without reading the session.
 */
export interface ConversationStore {
  load(sessionId: string): Promise<StoredConversation>;
  /**
   * Appends `messages` atomically, if the session is still at `expectedVersion`; resolves to the new
   * version. Appending no messages writes nothing (a session that does not exist is not created); it only
   * checks the version.
   */
  append(
    sessionId: string,
    messages: Message[],
    expectedVersion: number,
    options?: AppendOptions,
  ): Promise<number>;
  /** Removes the session: its messages, its version and its metadata. */
  delete(sessionId: string): Promise<void>;
  listSessions(): Promise<string[]>;
  /**
   * Reads the session's metadata: a copy of the record last passed to `setMetadata`, or `{}` for a session
   * that has none (or does not exist).
   */
  getMetadata(sessionId: string): Promise<SessionMetadata>;
  /**
   * Replaces the session's metadata with `metadata` as a whole (fields not in it are dropped). It does not
   * change the session's message version, nor make the session appear in `listSessions`.
   */
  setMetadata(sessionId: string, metadata: SessionMetadata): Promise<void>;
}
