import type { Message } from "@aws-sdk/client-bedrock-runtime";
import {
  type ConversationStore,
  type SessionMetadata,
  type StoredConversation,
  versionConflict,
} from "./conversation-store.js";

/**
 * Keeps conversations in this process's memory: the default store, gone when the process ends.
 * Messages are copied in and out, so a caller mutating a returned array cannot change history.
 */
export class InMemoryConversationStore implements ConversationStore {
  private readonly sessions = new Map<string, Message[]>();
  private readonly metadata = new Map<string, SessionMetadata>();

  async load(sessionId: string): Promise<StoredConversation> {
    const messages = this.sessions.get(sessionId) ?? [];
    return { messages: structuredClone(messages), version: messages.length };
  }

  async append(sessionId: string, messages: Message[], expectedVersion: number): Promise<number> {
    const current = this.sessions.get(sessionId) ?? [];
    if (current.length !== expectedVersion) {
      throw versionConflict(sessionId, current.length, expectedVersion);
    }
    const next = [...current, ...structuredClone(messages)];
    this.sessions.set(sessionId, next);
    return next.length;
  }

  async delete(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    this.metadata.delete(sessionId);
  }

  async listSessions(): Promise<string[]> {
    return [...this.sessions.keys()];
  }

  async getMetadata(sessionId: string): Promise<SessionMetadata> {
    return { ...(this.metadata.get(sessionId) ?? {}) };
  }

  async setMetadata(sessionId: string, metadata: SessionMetadata): Promise<void> {
    this.metadata.set(sessionId, { ...metadata });
  }
}
