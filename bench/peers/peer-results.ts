import type { BatchTiming } from "./measure.js";
import type { CappedTiming } from "./phases.js";
import type { RequestSummary } from "./request-check.js";

/** Every figure the peers bench measured, by runner (its index in PEERS): what the report prints. */
export interface PeerResults {
  requests: RequestSummary[];
  sequential: Map<number, BatchTiming>;
  concurrent: Map<number, BatchTiming>;
  firstDelta: Map<number, number>;
  events: Map<number, { deltas: number; perSecond: number }>;
  kbPerSession: Map<number, number>;
  kbPerRunInFlight: Map<number, number>;
  /** Lode's request build by session size (messages): median ms. */
  requestBuild: Map<number, number>;
  bigInput: Map<number, CappedTiming>;
}
