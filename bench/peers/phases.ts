/**
 * The measurements, each over interleaved rounds of every runner it applies to. Each returns a figure per
 * runner (by its index in PEERS).
 */
import { median } from "../support/stats.js";
import { MANY_EVENTS_TASK, type PeerDefinition, type PeerRunner, WEATHER_TASK } from "./job.js";
import {
  type BatchTiming,
  deltaRate,
  interleavedRounds,
  perJobMedians,
  timeBatch,
  timeToFirstTextDelta,
} from "./measure.js";
import { PeerChild } from "./peer-child.js";
import { SETTINGS } from "./settings.js";

/** Runners by their index in PEERS. */
export type Runners = ReadonlyMap<number, PeerRunner>;

/** Warms every runner on every path it is measured on, so no figure includes first-call compilation. */
export async function warmUp(peers: readonly PeerDefinition[], plain: Runners, slow: Runners): Promise<void> {
  for (const [index, runner] of plain) {
    await timeBatch(() => runner.run(WEATHER_TASK), SETTINGS.warmUp.jobs, 1);
    if (peers[index]?.streams) {
      await runner.run(WEATHER_TASK, () => {});
      await runner.run(MANY_EVENTS_TASK, () => {});
    }
  }
  const { concurrentJobs } = SETTINGS.warmUp;
  for (const runner of slow.values())
    await timeBatch(() => runner.run(WEATHER_TASK), concurrentJobs, concurrentJobs);
}

/**
 * Per-job medians of `rounds` batches of `jobs` jobs, `concurrency` in flight. Each timed batch follows an
 * untimed one as large, as a server under steady load has it: the young garbage the runner before left is
 * collected in it, its code is warm, and a client that keeps connections alive has them open (the other
 * runners' batches in between outlast bedrock-local's keep-alive timeout), while one that opens a connection
 * per call opens them in the timed batch as always.
 */
export async function measureJobs(
  runners: Runners,
  options: { rounds: number; jobs: number; concurrency: number },
): Promise<Map<number, BatchTiming>> {
  const batches = await interleavedRounds([...runners.keys()], options.rounds, async (index) => {
    const runner = runners.get(index) as PeerRunner;
    const job = () => runner.run(WEATHER_TASK);
    await timeBatch(job, options.jobs, options.concurrency);
    return timeBatch(job, options.jobs, options.concurrency);
  });
  return new Map([...batches].map(([index, timings]) => [index, perJobMedians(timings, options.jobs)]));
}

/** Median ms to the first text delta of the weather job, streaming runners only, one job at a time. */
export async function measureFirstTextDelta(
  runners: Runners,
  rounds: number,
  jobs: number,
): Promise<Map<number, number>> {
  const samples = await interleavedRounds([...runners.keys()], rounds, async (index) => {
    const runner = runners.get(index) as PeerRunner;
    const times: number[] = [];
    for (let i = 0; i < jobs; i++)
      times.push(await timeToFirstTextDelta((onText) => runner.run(WEATHER_TASK, onText)));
    return times;
  });
  return new Map([...samples].map(([index, rounds]) => [index, median(rounds.flat())]));
}

/** Median text deltas per second surfaced over one ~20 KB answer, and how many deltas each runner surfaced. */
export async function measureEventRate(
  runners: Runners,
  rounds: number,
): Promise<Map<number, { deltas: number; perSecond: number }>> {
  const samples = await interleavedRounds([...runners.keys()], rounds, (index) => {
    const runner = runners.get(index) as PeerRunner;
    return deltaRate((onText) => runner.run(MANY_EVENTS_TASK, onText));
  });
  return new Map(
    [...samples].map(([index, rates]) => [
      index,
      {
        deltas: median(rates.map((rate) => rate.deltas)),
        perSecond: median(rates.map((rate) => rate.perSecond)),
      },
    ]),
  );
}

/** What the 200 KB tool input cost a runner: the median of its finished jobs, and how many finished. */
export interface CappedTiming {
  medianMs: number | undefined;
  finished: number;
}

/**
 * The measurements made in a child process per runner (all forked and warmed at once):
 * - KB of heap per idle session (for the runners in `memoryOf`), one child after another;
 * - ms per 200 KB tool input job, one at a time, in interleaved rounds. A runner gets `capMs` in all: past
 *   it, its child is stopped and its remaining rounds skipped.
 */
export async function measureInChildren(
  indices: readonly number[],
  endpoint: string,
  options: {
    memoryOf: readonly number[];
    /** A bedrock-local that holds every answer `holdMs`, for the heap of runs in flight. */
    heldEndpoint: string;
    holdMs: number;
    runsInFlight: number;
    sessions: number;
    concurrency: number;
    rounds: number;
    capMs: number;
  },
): Promise<{
  kbPerSession: Map<number, number>;
  kbPerRunInFlight: Map<number, number>;
  bigInput: Map<number, CappedTiming>;
}> {
  const children = new Map(
    await Promise.all(indices.map(async (index) => [index, await PeerChild.start(index, endpoint)] as const)),
  );
  const childOf = (index: number) => children.get(index) as PeerChild;
  try {
    const kbPerSession = new Map<number, number>();
    for (const index of options.memoryOf)
      kbPerSession.set(
        index,
        (await childOf(index).bytesPerSession(options.sessions, options.concurrency)) / 1024,
      );
    const kbPerRunInFlight = new Map<number, number>();
    for (const index of options.memoryOf)
      kbPerRunInFlight.set(
        index,
        (await childOf(index).bytesPerRunInFlight(
          options.heldEndpoint,
          options.runsInFlight,
          options.holdMs,
        )) / 1024,
      );
    const spent = new Map(indices.map((index) => [index, 0]));
    const stopped = new Set<number>();
    const samples = await interleavedRounds(indices, options.rounds, async (index) => {
      if (stopped.has(index)) return undefined;
      const started = performance.now();
      const ms = await childOf(index).bigInputMs(options.capMs - (spent.get(index) ?? 0));
      spent.set(index, (spent.get(index) ?? 0) + performance.now() - started);
      if (ms === undefined) stopped.add(index);
      return ms;
    });
    const bigInput = new Map(
      [...samples].map(([index, times]) => {
        const finished = times.filter((ms): ms is number => ms !== undefined);
        return [
          index,
          { medianMs: finished.length ? median(finished) : undefined, finished: finished.length },
        ];
      }),
    );
    return { kbPerSession, kbPerRunInFlight, bigInput };
  } finally {
    for (const child of children.values()) child.stop();
  }
}
