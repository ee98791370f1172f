import type { BedrockRuntimeClient, Message } from "@aws-sdk/client-bedrock-runtime";
import { countBatchWithBedrock, MESSAGE_FRAMING_TOKENS } from "./count-tokens-batch.js";
import { messageHash } from "./message-hash.js";
import { renderMessage } from "./render-message.js";

/** How a token budget measures messages. */
export type TokenCounting = "bedrock" | "estimate";

/** After CountTokens fails for a model, the estimate is used for this long before Bedrock is asked again. */
const RETRY_COUNT_TOKENS_AFTER_MS = 60_000;
/**
 * Estimated tokens one CountTokens request carries at most: well under the context of every model
 * CountTokens serves, even where the estimate runs at half the real count.
 */
const MAX_BATCH_ESTIMATE = 32_000;
/**
 * A batch holds the budget left plus this share of the budget (by estimate), so an estimate that runs
 * high seldom leaves the window short and needing a second request.
 */
const BATCH_MARGIN = 0.25;

/**
 * The local estimate of a message's tokens: its rendered text's characters / 4, plus binary payloads at
 * 750 bytes a token, plus 3 for the message's framing.
 */
export function estimateMessageTokens(message: Message): number {
  const { text, binaryBytes } = renderMessage(message);
  return Math.ceil(text.length / 4) + Math.ceil(binaryBytes / 750) + MESSAGE_FRAMING_TOKENS;
}

/** What {@link MessageTokenCounter.countNewest} needs. */
export interface CountNewestOptions {
  /** Tokens the window holds at most: counting stops once the newest messages exceed it. */
  budget: number;
  client: BedrockRuntimeClient;
  modelId: string;
  /** Passed to every CountTokens call. */
  signal: AbortSignal;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Counts the tokens of a history's newest messages, caching each count by the hash of the message's JSON
 * and the model.
 *
 * Only the newest messages can fit a budget, so it walks back from the end and stops as soon as they
 * exceed it: older messages are never counted. With `"bedrock"`, the messages not yet cached are counted
 * in batches, each ONE CountTokens request ({@link countBatchWithBedrock}) sized by the local estimate to
 * about the budget left plus a margin (and capped well under a model's context), so the first request of
 * a 2,000-message session costs one or two calls, and a later request only one for its new messages.
 * When CountTokens fails, the local estimate stands in (not cached) and Bedrock is not asked again for
 * that model for a minute.
 */
export class MessageTokenCounter {
  private readonly counts = new Map<string, number>();
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly counting: TokenCounting,
    private readonly maxEntries = 100_000,
  ) {}

  /**
   * The tokens of each message from the end back to the first one at which their sum exceeds
   * `options.budget` (or all of them); older messages' entries are left `undefined`.
   */
  async countNewest(
    messages: readonly Message[],
    options: CountNewestOptions,
  ): Promise<(number | undefined)[]> {
    const { budget, modelId } = options;
    const now = options.now ?? Date.now;
    const counts: (number | undefined)[] = new Array(messages.length).fill(undefined);
    const limit = budget + Math.ceil(budget * BATCH_MARGIN);
    let total = 0;
    let next = messages.length;
    while (next > 0 && total <= budget) {
      // Cached messages resolve at once; the others join the batch until the window is surely full.
      const batch: number[] = [];
      let batchEstimate = 0;
      while (next > 0 && total <= budget && total + batchEstimate <= limit) {
        const index = next - 1;
        const message = messages[index] as Message;
        const cached = this.counts.get(this.key(message, modelId));
        if (cached !== undefined) {
          counts[index] = cached;
          total += cached;
        } else {
          const estimate = estimateMessageTokens(message);
          if (batch.length > 0 && batchEstimate + estimate > MAX_BATCH_ESTIMATE) break;
          batch.push(index);
          batchEstimate += estimate;
        }
        next--;
      }
      if (batch.length === 0) continue;
      batch.reverse(); // oldest first, as the conversation reads
      const batchMessages = batch.map((index) => messages[index] as Message);
      const batchCounts = await this.measure(batchMessages, { ...options, now });
      batch.forEach((index, position) => {
        counts[index] = batchCounts[position];
        total += batchCounts[position] ?? 0;
      });
    }
    return counts;
  }

  /** One batch measured: by CountTokens when it may be asked, else by the local estimate. */
  private async measure(
    messages: readonly Message[],
    options: CountNewestOptions & { now: () => number },
  ): Promise<number[]> {
    const failed = this.failedAt.get(options.modelId);
    const useBedrock =
      this.counting === "bedrock" &&
      (failed === undefined || options.now() - failed > RETRY_COUNT_TOKENS_AFTER_MS);
    if (useBedrock) {
      try {
        const counts = await countBatchWithBedrock(messages, options);
        this.rememberAll(messages, counts, options.modelId);
        return counts;
      } catch (error) {
        if (options.signal.aborted) throw error;
        this.failedAt.set(options.modelId, options.now());
      }
    }
    const estimates = messages.map(estimateMessageTokens);
    // A stand-in for a failed CountTokens is not remembered: Bedrock is asked again later.
    if (this.counting === "estimate") this.rememberAll(messages, estimates, options.modelId);
    return estimates;
  }

  private rememberAll(messages: readonly Message[], counts: readonly number[], modelId: string): void {
    for (const [index, message] of messages.entries())
      this.remember(this.key(message, modelId), counts[index] ?? 0);
  }

  private key(message: Message, modelId: string): string {
    return `${modelId}\u0000${messageHash(message)}`;
  }

  private remember(key: string, tokens: number): void {
    if (this.counts.size >= this.maxEntries) {
      const oldest = this.counts.keys().next().value;
      if (oldest !== undefined) this.counts.delete(oldest);
    }
    this.counts.set(key, tokens);
  }
}
