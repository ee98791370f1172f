import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { LodeError } from "../errors/lode-error.js";
import type { ConversationStore } from "./conversation-store.js";

/** How many times a flush reloads the session and tries again after a `conflict`, by default. */
export const DEFAULT_CONFLICT_RETRIES = 16;

/**
 * Appends a run's messages to its session as whole turns (an assistant message always with its tool
 * results), so the stored history never holds a `toolUse` without its `toolResult`. When another writer
 * appended first (a `conflict`), it reloads the session and appends the queued turn after theirs.
 */
export class SessionWriter {
  private pending: Message[] = [];

  constructor(
    private readonly store: ConversationStore | undefined,
    private readonly sessionId: string | undefined,
    private version: number,
    private readonly maxConflictRetries = DEFAULT_CONFLICT_RETRIES,
  ) {}

  /** Queues messages; they are written with the next `flush`. */
  add(...messages: Message[]): void {
    this.pending.push(...messages);
  }

  /**
   * Puts `next` in place of a queued message (a guardrail's redaction); false when `previous` was already
   * written, or never queued.
   */
  replace(previous: Message, next: Message): boolean {
    const index = this.pending.indexOf(previous);
    if (index < 0) return false;
    this.pending[index] = next;
    return true;
  }

  /**
   * Writes queued messages in one append (without a store, they are only dropped from the queue). Resolves
   * to the whole stored history when other writers had appended since this run last read or wrote it (the
   * queued turn then follows theirs), so the run's next request sees the merged conversation; otherwise to
   * `undefined`. Throws the store's `conflict` after `maxConflictRetries` reloads, and at once when the
   * other writer's turn would leave two assistant messages in a row (this run was between two steps).
   */
  async flush(): Promise<Message[] | undefined> {
    if (this.pending.length === 0) return undefined;
    if (!this.store || this.sessionId === undefined) {
      this.pending = [];
      return undefined;
    }
    let merged: Message[] | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        this.version = await this.store.append(this.sessionId, this.pending, this.version);
        break;
      } catch (error) {
        if (!LodeError.isInstance(error) || error.code !== "conflict" || attempt >= this.maxConflictRetries)
          throw error;
        const stored = await this.store.load(this.sessionId);
        if (stored.messages.at(-1)?.role === "assistant" && this.pending[0]?.role === "assistant") {
          // Another run finished a turn between two steps of this one. Writing this step after it would
          // put two assistant messages in a row, a history Bedrock rejects: stop writing instead. What is
          // stored stays valid (this run's earlier steps end with their tool results).
          throw new LodeError(
            "conflict",
            `Another writer appended to session ${this.sessionId} between two steps of this run; its later steps were not stored.`,
            { cause: error },
          );
        }
        this.version = stored.version;
        merged = stored.messages;
      }
    }
    const written = this.pending;
    this.pending = [];
    return merged ? [...merged, ...written] : undefined;
  }
}
