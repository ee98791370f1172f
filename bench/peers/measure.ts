/**
 * How the peers are timed: jobs run `concurrency` at a time, and interleaved rounds (round r runs every
 * runner once, starting one further along the list), so drift in the machine's load hits every runner alike.
 */
import { subscribe } from "node:diagnostics_channel";
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

// Timed batches never follow a forced full collection: V8 then throws away the optimized code that embedded
// objects the collection freed (`--trace-deopt`: "weak objects"), hundreds of functions at once when no job is
// in flight, and a batch timed after it measures the runner re-optimizing. In a process of its own, Lode's
// 100-way CPU per job was 1.4–1.6 ms steady and 3.0 ms in batches that each followed a forced collection
// (the raw loop's 3.2–3.5 and 4.5–5.4 ms); an untimed batch of 200 jobs between the two did not restore it.
// A server under steady load never collects with nothing in flight. Only the memory figures (peer-child.ts)
// force collections, in processes of their own.

/** Runs `count` jobs, `concurrency` in flight, and times them. */
export async function timeBatch(
  job: () => Promise<void>,
  count: number,
  concurrency: number,
): Promise<BatchTiming> {
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
