import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type {
  AppendOptions,
  ConversationStore,
  SessionMetadata,
  StoredConversation,
} from "../contracts/conversation-store.js";
import { cloneMessages } from "./clone-messages.js";
import { versionConflict } from "./version-conflict.js";

/**
 * Keeps conversations in this process's memory: the default store, gone when the process ends.
 * Messages are copied in and out, so a caller mutating a returned array cannot change history.
 */
export class InMemoryConversationStore implements ConversationStore {
  private readonly sessions = new Map<string, Message[]>();
  private readonly metadata = new Map<string, SessionMetadata>();
  /** The block ids each session's appends carried, so a repeated append writes nothing. */
  private readonly blocks = new Map<string, Set<string>>();

  async load(sessionId: string): Promise<StoredConversation> {
    const messages = this.sessions.get(sessionId) ?? [];
    return { messages: cloneMessages(messages), version: messages.length };
  }

  async append(
    sessionId: string,
    messages: Message[],
    expectedVersion: number,
    options: AppendOptions = {},
  ): Promise<number> {
    const current = this.sessions.get(sessionId) ?? [];
    const { blockId } = options;
    if (blockId !== undefined && this.blocks.get(sessionId)?.has(blockId)) return current.length;
    if (current.length !== expectedVersion) {
      throw versionConflict(sessionId, current.length, expectedVersion);
    }
    if (messages.length === 0) return current.length;
    const next = [...current, ...cloneMessages(messages)];
    this.sessions.set(sessionId, next);
    if (blockId !== undefined) {
      const blocks = this.blocks.get(sessionId) ?? new Set<string>();
      this.blocks.set(sessionId, blocks.add(blockId));
    }
    return next.length;
  }

  async delete(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    this.metadata.delete(sessionId);
    this.blocks.delete(sessionId);
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
