import { sized } from "../support/smoke.js";

/**
 * How much of each measurement the peers bench makes: chosen to keep it near six minutes on two cores. A
 * smoke run (support/smoke.ts) makes a token amount of each, and caps the 200 KB tool input sooner, so a
 * runner that is slow at it shows the cap's path too.
 */
export const SETTINGS = {
  /** Warm-up jobs per runner: one at a time on the plain server, then a batch at once on the slow one. */
  warmUp: { jobs: sized(15, 2), concurrentJobs: sized(100, 5) },
  /** Jobs each child process runs before it measures anything. */
  childWarmUpJobs: sized(20, 2),
  sequential: { rounds: sized(7, 2), jobs: sized(30, 2), concurrency: 1 },
  latencyMs: 50,
  /** 400 jobs a batch: one garbage collection more or less in a batch then moves its figure less. */
  concurrent: { rounds: sized(7, 2), jobs: sized(400, 10), concurrency: sized(100, 5) },
  firstDelta: { rounds: sized(3, 1), jobs: sized(10, 2) },
  eventRounds: sized(5, 1),
  sessions: { sessions: sized(500, 10), concurrency: sized(10, 2) },
  /** Heap per run in flight: this many runs waiting on a bedrock-local that holds every answer `holdMs`. */
  inFlight: { runsInFlight: sized(100, 5), holdMs: sized(600, 200) },
  /** A session's request built, by the number of messages it holds. */
  requestBuildSizes: sized([500, 1000, 2000], [10, 20]),
  /** Samples of each size's request build. */
  requestBuildSamples: sized(25, 2),
  bigInput: { rounds: sized(3, 1), capMs: sized(60_000, 3_000) },
} as const;

export type Settings = typeof SETTINGS;
