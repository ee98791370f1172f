import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ConversationStore } from "./conversation-store.js";

/**
 * Appends a run's messages to its session as whole turns (an assistant message always with its tool
 * results), so the stored history never holds a `toolUse` without its `toolResult`.
 */
export class SessionWriter {
  private pending: Message[] = [];

  constructor(
    private readonly store: ConversationStore | undefined,
    private readonly sessionId: string | undefined,
    private version: number,
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

  /** Writes queued messages in one append (without a store, they are only dropped from the queue). */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    if (this.store && this.sessionId !== undefined)
      this.version = await this.store.append(this.sessionId, this.pending, this.version);
    this.pending = [];
  }
}
