import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { LodeError } from "../errors/lode-error.js";

/** A session's stored conversation and the version it was read at. */
export interface StoredConversation {
  messages: Message[];
  /** Increases with every append; 0 for a session that does not exist yet. */
  version: number;
}

/** Free-form string fields about a session (a title, an owner, tags), kept beside its messages. */
export type SessionMetadata = Record<string, string>;

/**
 * Where conversations live between runs (Bedrock keeps none). Appends are optimistic: a writer passes
 * the version it read, and a store that has moved on since throws a `LodeError` with code `"conflict"`,
 * so two writers can never interleave or lose a turn.
 */
export interface ConversationStore {
  load(sessionId: string): Promise<StoredConversation>;
  /** Appends `messages` atomically, if the session is still at `expectedVersion`; resolves to the new version. */
  append(sessionId: string, messages: Message[], expectedVersion: number): Promise<number>;
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

/**
 * The `conflict` a store throws when `append` finds the session at another version than expected: the
 * caller reloads and tries again (`SessionWriter` does). One wording for every store.
 */
export function versionConflict(
  sessionId: string,
  actualVersion: number,
  expectedVersion: number,
): LodeError {
  return new LodeError(
    "conflict",
    `Session ${sessionId} is at version ${actualVersion}, not ${expectedVersion}: another writer appended first.`,
  );
}
