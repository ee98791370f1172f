/**
 * What one model's tokens cost, per million tokens, in whatever currency the table is written in. Lode
 * holds no prices of its own: they change, differ by region and by agreement, so the caller brings them.
 * Tokens read from or written to Bedrock's prompt cache are charged at `input` when their price is not set.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Prices by model id: the `modelId` exactly as the agent is given it (a model, inference profile or ARN). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** What a step (or a whole run) cost, by kind of token, from the price table; `total` is their sum. */
export interface Cost {
  total: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}
