import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ConversationStore } from "../contracts/conversation-store.js";
import { LodeError } from "../errors/lode-error.js";

/** How many times a flush reloads the session and tries again after a `conflict`, by default. */
const DEFAULT_CONFLICT_RETRIES = 16;

/**
 * Appends a run's messages to its session as whole turns (an assistant message always with its tool
 * results), so the stored history never holds a `toolUse` without its `toolResult`. When another writer
 * appended first (a `conflict`), it reloads the session and appends the queued messages after theirs.
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
   * Writes queued messages in one append (without a store, they are only dropped from the queue). On a
   * `conflict` it reloads the session's version and appends after what other writers added: the run writes
   * once, at its end, so its queue is a whole block that starts with its own input and never splits
   * another run's. Throws the store's `conflict` after `maxConflictRetries` reloads.
   */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    if (!this.store || this.sessionId === undefined) {
      this.pending = [];
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        this.version = await this.store.append(this.sessionId, this.pending, this.version);
        break;
      } catch (error) {
        if (!LodeError.isInstance(error) || error.code !== "conflict" || attempt >= this.maxConflictRetries)
          throw error;
        this.version = (await this.store.load(this.sessionId)).version;
      }
    }
    this.pending = [];
  }
}
