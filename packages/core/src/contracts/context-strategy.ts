import type { BedrockRuntimeClient, Message } from "@aws-sdk/client-bedrock-runtime";

/** What a context strategy is asked to prepare: one request's messages. */
export interface ContextRequest {
  /** The whole history, oldest first, ending with the message the model answers. Never mutate it. */
  readonly messages: readonly Message[];
  /** The model the request goes to (a strategy may count tokens or summarize with it). */
  readonly modelId: string;
  /** The agent's client, for strategies that call Bedrock (CountTokens, a summary). */
  readonly client: BedrockRuntimeClient;
  /** The run's signal: pass it to any call the strategy makes. */
  readonly signal: AbortSignal;
  /**
   * 0 for a step's first request; 1, 2, … after the model reported a context overflow for the
   * previous attempt. A strategy reduces harder as it grows.
   */
  readonly attempt: number;
}

/**
 * Decides what each request carries. Bedrock Runtime keeps no state, so every request carries the
 * conversation; a strategy trims, truncates or summarizes it. It returns new arrays and never changes
 * the stored history. The loop passes its result through {@link repairHistory} before sending it.
 */
export interface ContextStrategy {
  /** A name for errors and debugging. */
  readonly name?: string;
  /** The messages one request carries. */
  prepare(request: ContextRequest): Promise<Message[]>;
}
