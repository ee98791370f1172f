import type { UIProviderMetadata } from "./ui-message-chunk.js";

/** The error text of a tool call whose input the model never finished. */
export const CUT_OFF = "The model's answer ended before this tool call was complete.";

/** What one run (the top run, or a sub-agent's) has open: what a step that broke off or ended must close. */
export interface OpenInRun {
  /** Open text and reasoning parts, by part id, with a reasoning part's signature so far. */
  parts: Map<string, { kind: "text" | "reasoning"; signature?: string }>;
  /** Tool inputs still streaming, by call id. */
  inputs: Map<string, { toolName: string; input: unknown }>;
  /** Calls announced and not answered yet. */
  unanswered: Set<string>;
  /** A sub-run's marker, as its last event had it. */
  marker?: UIProviderMetadata;
}
