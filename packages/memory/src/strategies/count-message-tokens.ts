import { type BedrockRuntimeClient, CountTokensCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import { messageHash } from "./message-hash.js";
import { renderMessage } from "./render-message.js";

/** How a token budget measures messages. */
export type TokenCounting = "bedrock" | "estimate";

/** Calls in flight at once when counting many new messages with CountTokens. */
const COUNT_CONCURRENCY = 8;
/** After CountTokens fails for a model, the estimate is used for this long before Bedrock is asked again. */
const RETRY_COUNT_TOKENS_AFTER_MS = 60_000;

/**
 * The local estimate of a message's tokens: its rendered text's characters / 4, plus binary payloads at
 * 750 bytes a token, plus 3 for the message's framing.
 */
export function estimateMessageTokens(message: Message): number {
  const { text, binaryBytes } = renderMessage(message);
  return Math.ceil(text.length / 4) + Math.ceil(binaryBytes / 750) + 3;
}

/**
 * Counts tokens per message, caching each count by the hash of the message's JSON. With `"bedrock"`,
 * each new message is measured by CountTokens as a user message holding its text (a single message of
 * the model's turn, or tool results alone, is not a request Bedrock would count); when CountTokens fails,
 * the local estimate stands in (and is not cached).
 */
export class MessageTokenCounter {
  private readonly counts = new Map<string, number>();
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly counting: TokenCounting,
    private readonly maxEntries = 100_000,
  ) {}

  /** The tokens of each message, in order. */
  async count(
    messages: readonly Message[],
    options: { client: BedrockRuntimeClient; modelId: string; signal: AbortSignal; now?: () => number },
  ): Promise<number[]> {
    const now = options.now ?? Date.now;
    const result = messages.map((message) => this.counts.get(this.key(message, options.modelId)));
    const missing = result.flatMap((count, index) => (count === undefined ? [index] : []));
    const failed = this.failedAt.get(options.modelId);
    const useBedrock =
      this.counting === "bedrock" && (failed === undefined || now() - failed > RETRY_COUNT_TOKENS_AFTER_MS);
    if (!useBedrock) {
      for (const index of missing) {
        const message = messages[index] as Message;
        result[index] = estimateMessageTokens(message);
        // A stand-in for a failed CountTokens is not remembered: Bedrock is asked again later.
        if (this.counting === "estimate") this.remember(this.key(message, options.modelId), result[index]);
      }
      return result as number[];
    }
    let bedrockFailed = false;
    for (let from = 0; from < missing.length; from += COUNT_CONCURRENCY) {
      const batch = missing.slice(from, from + COUNT_CONCURRENCY);
      await Promise.all(
        batch.map(async (index) => {
          const message = messages[index] as Message;
          if (!bedrockFailed) {
            try {
              const tokens = await countWithBedrock(message, options);
              this.remember(this.key(message, options.modelId), tokens);
              result[index] = tokens;
              return;
            } catch (error) {
              if (options.signal.aborted) throw error;
              bedrockFailed = true;
              this.failedAt.set(options.modelId, now());
            }
          }
          result[index] = estimateMessageTokens(message);
        }),
      );
    }
    return result as number[];
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

async function countWithBedrock(
  message: Message,
  options: { client: BedrockRuntimeClient; modelId: string; signal: AbortSignal },
): Promise<number> {
  const { text, binaryBytes } = renderMessage(message);
  const binaryTokens = Math.ceil(binaryBytes / 750);
  const response = await options.client.send(
    new CountTokensCommand({
      modelId: options.modelId,
      input: { converse: { messages: [{ role: "user", content: [{ text }] }] } },
    }),
    { abortSignal: options.signal },
  );
  if (typeof response.inputTokens !== "number") throw new Error("CountTokens returned no inputTokens");
  return response.inputTokens + binaryTokens;
}
