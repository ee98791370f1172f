/**
 * How the peers are timed: jobs run `concurrency` at a time, and interleaved rounds (round r runs every
 * runner once, starting one further along the list), so drift in the machine's load hits every runner alike.
 */
import { subscribe } from "node:diagnostics_channel";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { median } from "../support/stats.js";

/** One batch of jobs: wall time, this process's CPU (user + system), TCP connections opened. */
export interface BatchTiming {
  wallMs: number;
  cpuMs: number;
  connections: number;
}

// Every client socket Node opens (http, http2, undici's fetch) is announced on this channel: counting them
// shows each runner's real transport (a new HTTP/2 session per request opens one per model call).
let connectionsOpened = 0;
subscribe("net.client.socket", () => {
  connectionsOpened++;
});

// Each batch starts on a collected heap, so no runner pays for the garbage the one before it left (the
// rivals run in this one process). run-all starts plain `node`, so the flag is set from here.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Runs `count` jobs, `concurrency` in flight, and times them. */
export async function timeBatch(
  job: () => Promise<void>,
  count: number,
  concurrency: number,
): Promise<BatchTiming> {
  collectGarbage();
  const connectionsBefore = connectionsOpened;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        await job();
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    connections: connectionsOpened - connectionsBefore,
  };
}

/** `items` starting at position `round` (mod length): round r's running order. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const start = round % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Runs `measureOne` for every key in each of `rounds` rotated rounds; returns each key's samples in round order. */
export async function interleavedRounds<K, M>(
  keys: readonly K[],
  rounds: number,
  measureOne: (key: K, round: number) => Promise<M>,
): Promise<Map<K, M[]>> {
  const samples = new Map<K, M[]>(keys.map((key) => [key, []]));
  for (let round = 0; round < rounds; round++)
    for (const key of rotated(keys, round)) samples.get(key)?.push(await measureOne(key, round));
  return samples;
}

/** Per-job medians over rounds of batches: wall ms, CPU ms and connections per job. */
export function perJobMedians(batches: readonly BatchTiming[], jobsPerBatch: number): BatchTiming {
  return {
    wallMs: median(batches.map((batch) => batch.wallMs / jobsPerBatch)),
    cpuMs: median(batches.map((batch) => batch.cpuMs / jobsPerBatch)),
    connections: median(batches.map((batch) => batch.connections / jobsPerBatch)),
  };
}

/** Runs one job and resolves to ms from its start to its first text delta. */
export async function timeToFirstTextDelta(
  run: (onTextDelta: (text: string) => void) => Promise<void>,
): Promise<number> {
  let first = Number.NaN;
  const started = performance.now();
  await run(() => {
    if (Number.isNaN(first)) first = performance.now() - started;
  });
  if (Number.isNaN(first)) throw new Error("the run streamed no text");
  return first;
}

/** Runs one job and resolves to the text deltas it surfaced and how fast. */
export async function deltaRate(
  run: (onTextDelta: (text: string) => void) => Promise<void>,
): Promise<{ deltas: number; perSecond: number }> {
  let deltas = 0;
  const started = performance.now();
  await run(() => {
    deltas++;
  });
  return { deltas, perSecond: deltas / ((performance.now() - started) / 1000) };
}
