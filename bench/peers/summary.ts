/**
 * The bench's last table: every figure of every runner in one place, as a ratio to runner 1 (the raw SDK loop
 * on the SDK's defaults) where one compares runners, and the figures Lode's own targets are read from.
 */
import type { PeerDefinition } from "./job.js";
import type { PeerResults } from "./peer-results.js";
import { fixed, formatTable, ratio } from "./print-table.js";
import type { Settings } from "./settings.js";

export function printSummary(
  peers: readonly PeerDefinition[],
  results: PeerResults,
  settings: Settings,
): void {
  const { sequential, concurrent, events, kbPerSession, kbPerRunInFlight, requestBuild } = results;
  const seq0 = sequential.get(0);
  const con0 = concurrent.get(0);
  const rate0 = events.get(0)?.perSecond;
  /** A memory figure, or which runner's it shares (a transport variant keeps the same conversation). */
  const kb = (figures: Map<number, number>, index: number) => {
    const value = figures.get(index);
    const variantOf = peers[index]?.transportVariantOf;
    return value !== undefined ? value.toFixed(1) : variantOf ? `as ${peers.indexOf(variantOf) + 1}` : "n/a";
  };
  const inFlight = settings.concurrent.concurrency;
  console.log(
    "\nSummary: every figure, ratios to runner 1 (CPU: this process's user + system time per job)\n",
  );
  console.log(
    formatTable(
      [
        "runner",
        "seq wall",
        "seq CPU",
        `${inFlight}-way wall`,
        `${inFlight}-way CPU`,
        "text deltas/s",
        "KB idle session",
        "KB per run in flight",
      ],
      peers.map((peer, index) =>
        [
          `${index + 1}. ${peer.label}`,
          ratio(sequential.get(index)?.wallMs, seq0?.wallMs),
          ratio(sequential.get(index)?.cpuMs, seq0?.cpuMs),
          ratio(concurrent.get(index)?.wallMs, con0?.wallMs),
          ratio(concurrent.get(index)?.cpuMs, con0?.cpuMs),
          ratio(events.get(index)?.perSecond, rate0),
          kb(kbPerSession, index),
          kb(kbPerRunInFlight, index),
        ].map(String),
      ),
    ),
  );
  const sizes = [...requestBuild.keys()];
  const smallest = sizes[0];
  const build = sizes.map((size) => `${size} messages ${fixed(requestBuild.get(size), 2)} ms`).join(", ");
  const largest = sizes.at(-1);
  if (smallest !== undefined && largest !== undefined)
    console.log(
      `\nLode's request for a long session (agent.run to the client's send, a stand-in client): ${build}; ` +
        `${largest}/${smallest} messages took ${ratio(requestBuild.get(largest), requestBuild.get(smallest))} times as long ` +
        `(${(largest / smallest).toFixed(1)} is linear).`,
    );
}
