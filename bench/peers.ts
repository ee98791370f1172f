/**
 * Lode against its rivals on one job: a question; a turn with a short text and two parallel `get_weather`
 * calls; both results sent back; a short answer. Every runner does the whole job and checks the answer.
 * All run in this process against one bedrock-local child (and a second one with 50 ms of model latency),
 * in interleaved rounds; memory and the 200 KB tool input run in a child process per runner. Prints ratios
 * to the raw SDK loop on the SDK's default handler, absolute figures, and a legend.
 *
 *   npx tsx bench/run-all.ts peers   (bundled and run by plain node, as pnpm bench does)
 */

import { PEERS_SCRIPT } from "./peers/job.js";
import { CHILD_FLAG, serveAsPeerChild } from "./peers/peer-child.js";
import { PEERS } from "./peers/peer-list.js";
import {
  measureEventRate,
  measureFirstTextDelta,
  measureInChildren,
  measureJobs,
  type Runners,
  warmUp,
} from "./peers/phases.js";
import { printReport } from "./peers/report.js";
import { measureRequestBuild } from "./peers/request-build.js";
import { checkRequests } from "./peers/request-check.js";
import { SETTINGS } from "./peers/settings.js";
import { startBenchServer } from "./support/bench-server.js";

/** Seconds each phase took, printed at the end so a slow run shows where its time went. */
const phaseSeconds: string[] = [];
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  phaseSeconds.push(`${name} ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  const { sequential: seq, concurrent: con, firstDelta, sessions, bigInput } = SETTINGS;
  console.log(
    `Peers: ${PEERS.length} runners; sequential ${seq.rounds} rounds × ${seq.jobs} jobs; concurrent ${con.rounds} rounds × ${con.jobs} jobs, ` +
      `${con.concurrency} in flight, ${SETTINGS.latencyMs} ms model latency; first text delta ${firstDelta.rounds} rounds × ${firstDelta.jobs} jobs; ` +
      `text deltas/s ${SETTINGS.eventRounds} rounds; ${sessions.sessions} sessions a runner; 200 KB tool input ${bigInput.rounds} rounds, ${bigInput.capMs / 1000} s cap a runner.`,
  );
  const requests = await phase("request check", () => checkRequests(PEERS));
  const plainServer = await startBenchServer(PEERS_SCRIPT);
  const slowServer = await startBenchServer(PEERS_SCRIPT, { faults: [{ latencyMs: SETTINGS.latencyMs }] });
  const heldServer = await startBenchServer(PEERS_SCRIPT, {
    faults: [{ latencyMs: SETTINGS.inFlight.holdMs }],
  });
  try {
    const indices = PEERS.map((_, index) => index);
    const plain: Runners = new Map(PEERS.map((peer, index) => [index, peer.create(plainServer.url)]));
    const slow: Runners = new Map(
      PEERS.flatMap((peer, index) =>
        peer.streamOnly ? [] : [[index, peer.create(slowServer.url)] as const],
      ),
    );
    const jobs: Runners = new Map([...plain].filter(([index]) => !PEERS[index]?.streamOnly));
    const streaming: Runners = new Map([...plain].filter(([index]) => PEERS[index]?.streams));
    await phase("warm-up", () => warmUp(PEERS, plain, slow));
    const sequential = await phase("sequential", () => measureJobs(jobs, seq));
    const concurrent = await phase("concurrent", () => measureJobs(slow, con));
    const firstDeltas = await phase("first delta", () =>
      measureFirstTextDelta(streaming, firstDelta.rounds, firstDelta.jobs),
    );
    const events = await phase("deltas/s", () => measureEventRate(streaming, SETTINGS.eventRounds));
    for (const runner of [...plain.values(), ...slow.values()]) await runner.close();
    const memoryOf = indices.filter((index) => !PEERS[index]?.transportVariantOf);
    const bigInputOf = indices.filter((index) => !PEERS[index]?.streamOnly);
    const children = await phase("memory and 200 KB input", () =>
      measureInChildren(bigInputOf, plainServer.url, {
        memoryOf,
        heldEndpoint: heldServer.url,
        ...SETTINGS.inFlight,
        ...sessions,
        ...bigInput,
      }),
    );
    const requestBuild = await phase("request build", () =>
      measureRequestBuild(SETTINGS.requestBuildSizes, SETTINGS.requestBuildSamples),
    );
    printReport(
      PEERS,
      { requests, sequential, concurrent, firstDelta: firstDeltas, events, ...children, requestBuild },
      SETTINGS,
    );
    console.log(
      `\nRuntime ${((performance.now() - started) / 1000).toFixed(0)} s (${phaseSeconds.join(", ")}), bedrock-local ${plainServer.kind}.`,
    );
  } finally {
    await plainServer.close();
    await slowServer.close();
    await heldServer.close();
  }
}

if (process.argv[2] === CHILD_FLAG) await serveAsPeerChild(process.argv.slice(3));
else await main();
