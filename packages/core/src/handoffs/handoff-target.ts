import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { NeedsApproval } from "../contracts/approval.js";

/**
 * What the agent taking over sees of the conversation before the handoff: given a copy of those messages
 * (the session's and the run's, the transfer call excluded), returns what to send in their place: trimmed
 * (`dropToolCalls`), summarised, or as it is. What it returns is repaired to Bedrock's rules (alternating
 * roles, every tool use answered); the history kept in the session is never changed.
 */
export type HandoffInputFilter = (history: Message[]) => Message[] | Promise<Message[]>;

/** How an agent offers another as a handoff target (`handoff(billing, { … })`). */
export interface HandoffOptions {
  /**
   * What the model reads in the transfer tool's description.
   * @default "Hand the conversation to the {name} agent: {its description}"
   */
  description?: string;
  /** What the target sees of the conversation before the handoff. @default all of it */
  inputFilter?: HandoffInputFilter;
  /** Whether the transfer waits for a person's approval, like any tool call. @default false */
  needsApproval?: NeedsApproval<{ reason?: string }>;
}

/** One handoff target, resolved: the agent, its transfer tool's name, and how it takes over. */
export interface HandoffTarget extends HandoffOptions {
  /** The target agent's `name`. */
  readonly name: string;
  /** `transfer_to_{name}`. */
  readonly toolName: string;
}

/** The name of the tool that hands the conversation to the agent named `name`. */
export function transferToolName(name: string): string {
  return `transfer_to_${name}`.slice(0, 64);
}
