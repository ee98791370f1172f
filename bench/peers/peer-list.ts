/** The rivals, in the order the tables list them; runner 1 is the baseline every ratio is taken to. */
import { AI_SDK_GENERATE, AI_SDK_STREAM } from "./ai-sdk.js";
import type { PeerDefinition } from "./job.js";
import { LANGCHAIN } from "./langchain.js";
import { LODE, LODE_PLAIN_CLIENT, LODE_UI_STREAM } from "./lode.js";
import { RAW_SDK_DEFAULT, RAW_SDK_KEEP_ALIVE, RAW_SDK_SHARED_HTTP2 } from "./raw-sdk.js";
import { STRANDS } from "./strands.js";

const ALL_PEERS: readonly PeerDefinition[] = [
  RAW_SDK_DEFAULT,
  RAW_SDK_KEEP_ALIVE,
  RAW_SDK_SHARED_HTTP2,
  LODE,
  LODE_PLAIN_CLIENT,
  LODE_UI_STREAM,
  STRANDS,
  AI_SDK_GENERATE,
  AI_SDK_STREAM,
  LANGCHAIN,
];

/**
 * The runners measured: all of them, or those `LODE_PEERS` numbers (`LODE_PEERS=2,4` for the keep-alive
 * raw loop and Lode), runner 1 always, as the baseline. Child processes inherit the variable, so an index
 * means the same runner in each.
 */
export const PEERS: readonly PeerDefinition[] = choosePeers(process.env.LODE_PEERS);

function choosePeers(chosen: string | undefined): readonly PeerDefinition[] {
  if (!chosen) return ALL_PEERS;
  const numbers = new Set(chosen.split(",").map((part) => Number(part.trim())));
  return ALL_PEERS.filter((_, index) => index === 0 || numbers.has(index + 1));
}

/** A peer by its index in {@link PEERS} (how a child process is told which one to be). */
export function peerAt(index: number): PeerDefinition {
  const peer = PEERS[index];
  if (!peer) throw new Error(`no peer number ${index}`);
  return peer;
}
