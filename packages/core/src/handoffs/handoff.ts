import type { HandoffOptions } from "./handoff-target.js";

/** An agent offered as a handoff target with options: what `handoff(agent, options)` makes. */
export interface Handoff<A = unknown> extends HandoffOptions {
  readonly kind: "handoff";
  readonly agent: A;
}

/**
 * Offers `agent` as a handoff target with options: `handoffs: [handoff(billing, { inputFilter })]`. An
 * agent listed alone (`handoffs: [billing]`) is the same with no options.
 */
export function handoff<A>(agent: A, options: HandoffOptions = {}): Handoff<A> {
  return { ...options, kind: "handoff", agent };
}
