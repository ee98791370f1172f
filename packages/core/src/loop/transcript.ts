import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ConversationStore } from "../contracts/conversation-store.js";
import { LodeError } from "../errors/lode-error.js";
import { callStore, type StoreCallBounds } from "../memory/call-store.js";
import { checkStoredConversation } from "../memory/check-stored-conversation.js";
import { mergeConsecutiveUserMessages } from "../messages/merge-consecutive-user-messages.js";
import { abortableDelay, planRetry, type RetryPolicy } from "../model/retry-policy.js";

/** The session a run continues: where its transcript is loaded from and written to. */
export interface SessionRef {
  store: ConversationStore;
  sessionId: string;
}

/** How many times a write goes again after a `conflict` (another writer appended first). */
const MAX_CONFLICT_RETRIES = 16;
/** How a write that failed for another reason (the store down for a moment) is tried again. */
const STORE_RETRY: RetryPolicy = { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 500, multiplier: 4 };

/**
 * One run's conversation: what was loaded from its session, what the run added, and what is still to be
 * written. The history it gives the model always alternates roles (a user message appended after an
 * unwritten user message joins it). Writes go out as blocks named after the run (`"{runId}:{index}"`),
 * so a write that is tried again (after a timeout, a dropped connection, a crash of the caller) can never
 * store the same messages twice.
 */
export class Transcript {
  private readonly added: Message[] = [];
  private written = 0;
  /** Set once a write gave up, so the run's failure path does not try it again. */
  writeFailed = false;
  /** The version the next write must land at: a conflict is then the caller's error, not retried. */
  private strictVersion: number | undefined;

  private constructor(
    private readonly loaded: readonly Message[],
    private storedVersion: number,
    private readonly session: SessionRef | undefined,
    private readonly runId: string,
  ) {}

  /** The transcript of a run: its session's stored conversation, or an empty one without a session. */
  static async open(options: {
    runId: string;
    session: SessionRef | undefined;
    bounds: StoreCallBounds;
  }): Promise<Transcript> {
    const { session, runId, bounds } = options;
    if (!session) return new Transcript([], 0, undefined, runId);
    const { store, sessionId } = session;
    const answer = await callStore("load the session", bounds, () => store.load(sessionId));
    const stored = checkStoredConversation(store, sessionId, answer);
    return new Transcript(stored.messages, stored.version, session, runId);
  }

  /** The session's version as this run last saw it (after its own writes). */
  get version(): number {
    return this.storedVersion;
  }

  /**
   * Makes the next write land at `version` or fail with the store's `conflict`: for messages that only
   * make sense right after what the session held then (a resumed approval's message and results).
   */
  landNextWriteAt(version: number): void {
    this.strictVersion = version;
  }

  /** The messages this run added, oldest first. */
  get messages(): readonly Message[] {
    return this.added;
  }

  /** The whole conversation, as the next request carries it. */
  history(): Message[] {
    return mergeConsecutiveUserMessages([...this.loaded, ...this.added]);
  }

  /** The conversation's last message. */
  last(): Message | undefined {
    return this.added.at(-1) ?? this.loaded.at(-1);
  }

  /** Adds messages; a user message that follows an unwritten user message is merged into it. */
  append(...messages: Message[]): void {
    for (const message of messages) {
      const previous = this.added.at(-1);
      if (message.role === "user" && previous?.role === "user" && this.added.length > this.written) {
        this.added[this.added.length - 1] = {
          role: "user",
          content: [...(previous.content ?? []), ...(message.content ?? [])],
        };
      } else this.added.push(message);
    }
  }

  /** Puts `next` in place of an unwritten message (a guardrail's redaction); false when it is not there. */
  replace(previous: Message, next: Message): boolean {
    const index = this.added.indexOf(previous, this.written);
    if (index < 0) return false;
    this.added[index] = next;
    return true;
  }

  /**
   * Makes the conversation end on the model's turn, so that a later run's user message can follow it:
   * when it ends on a user message (tool results the model never read), `note` is added as the
   * assistant's. Returns whether a note was added.
   */
  closeTurn(note: string): boolean {
    if (this.last()?.role !== "user" || this.added.length === 0) return false;
    this.added.push({ role: "assistant", content: [{ text: note }] });
    return true;
  }

  /** Whether the run added anything the model said. */
  hasModelTurn(): boolean {
    return this.added.some((message) => message.role === "assistant");
  }

  /**
   * Writes what is not written yet, as one block, after whatever other writers appended meanwhile (a
   * `conflict` says at which version). A store failure is tried again a few times, under the same block
   * id; every store call is bounded by `bounds`.
   */
  async write(bounds: StoreCallBounds): Promise<void> {
    const pending = this.added.slice(this.written);
    if (pending.length === 0 || !this.session) {
      this.written = this.added.length;
      return;
    }
    const { store, sessionId } = this.session;
    const blockId = `${this.runId}:${this.written}`;
    let conflicts = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        this.storedVersion = await callStore("append to the session", bounds, () =>
          store.append(sessionId, pending, this.strictVersion ?? this.storedVersion, { blockId }),
        );
        this.written += pending.length;
        this.strictVersion = undefined;
        return;
      } catch (error) {
        const conflict = LodeError.isInstance(error) && error.code === "conflict";
        if (conflict && this.strictVersion !== undefined) {
          this.writeFailed = true;
          throw error;
        }
        if (conflict && ++conflicts <= MAX_CONFLICT_RETRIES) {
          this.storedVersion =
            (error as LodeError).currentVersion ??
            (await callStore("load the session", bounds, () => store.load(sessionId))).version;
          attempt--;
          continue;
        }
        try {
          const { delayMs } = planRetry(STORE_RETRY, error, attempt, bounds.signal);
          await abortableDelay(delayMs, bounds.signal);
        } catch (final) {
          this.writeFailed = true;
          throw final;
        }
      }
    }
  }
}
