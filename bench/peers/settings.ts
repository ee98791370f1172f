/** How much of each measurement the peers bench makes: chosen to keep it near three minutes on two cores. */
export const SETTINGS = {
  sequential: { rounds: 7, jobs: 15, concurrency: 1 },
  latencyMs: 50,
  concurrent: { rounds: 5, jobs: 200, concurrency: 100 },
  firstDelta: { rounds: 3, jobs: 10 },
  eventRounds: 3,
  sessions: { sessions: 500, concurrency: 10 },
  /** Heap per run in flight: this many runs waiting on a bedrock-local that holds every answer `holdMs`. */
  inFlight: { runsInFlight: 100, holdMs: 600 },
  /** A session's request built, by the number of messages it holds. */
  requestBuildSizes: [500, 1000, 2000],
  bigInput: { rounds: 3, capMs: 60_000 },
} as const;

export type Settings = typeof SETTINGS;
