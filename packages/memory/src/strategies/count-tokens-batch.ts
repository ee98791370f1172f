import { type BedrockRuntimeClient, CountTokensCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import { renderMessage } from "./render-message.js";

/** The framing tokens the local estimate gives each message (role and separators). */
export const MESSAGE_FRAMING_TOKENS = 3;

/** What counting a batch with Bedrock needs: the agent's client, the model and the run's signal. */
export interface BatchCountOptions {
  client: BedrockRuntimeClient;
  modelId: string;
  signal: AbortSignal;
}

/**
 * The tokens of each of `messages`, measured by ONE CountTokens request: their rendered text, joined, as a
 * single user message (a lone model turn, or tool results alone, is not a request Bedrock would count).
 * The exact total is spread over the messages in proportion to their local text estimates; the framing a
 * real request gives each message beyond the first (it is sent as one message here) is added the way the
 * estimate adds it, and binary payloads, never sent, count 750 bytes a token. Throws when CountTokens fails.
 */
export async function countBatchWithBedrock(
  messages: readonly Message[],
  options: BatchCountOptions,
): Promise<number[]> {
  const rendered = messages.map(renderMessage);
  const response = await options.client.send(
    new CountTokensCommand({
      modelId: options.modelId,
      input: {
        converse: {
          messages: [{ role: "user", content: [{ text: rendered.map((part) => part.text).join("\n\n") }] }],
        },
      },
    }),
    { abortSignal: options.signal },
  );
  if (typeof response.inputTokens !== "number") throw new Error("CountTokens returned no inputTokens");
  const textTokens = response.inputTokens + MESSAGE_FRAMING_TOKENS * (messages.length - 1);
  const weights = rendered.map((part) => Math.ceil(part.text.length / 4) + MESSAGE_FRAMING_TOKENS);
  return spreadInProportion(textTokens, weights).map(
    (tokens, index) => tokens + Math.ceil((rendered[index]?.binaryBytes ?? 0) / 750),
  );
}

/**
 * `total` split into whole numbers in proportion to `weights`, summing to exactly `total` (the largest
 * remainders get the units rounding left over), so a window's sum is the exact count Bedrock gave.
 */
export function spreadInProportion(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weightSum <= 0) return weights.map((_, index) => (index === 0 ? total : 0));
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    shares[index] = (shares[index] ?? 0) + 1;
    left--;
  }
  return shares;
}
