import { parseJsonObject } from "../http/read-body.js";
import { scrubAccountIds } from "./scrub-account-ids.js";

/** A decoded frame whose payload text may be rewritten. */
export interface ScrubbableFrame {
  headers: Record<string, string>;
  text: string;
}

/** The string fields a ConverseStream delta carries, whose pieces only make an ARN together. */
const DELTA_FIELDS: readonly (readonly string[])[] = [
  ["text"],
  ["reasoningContent", "text"],
  ["toolUse", "input"],
];

/**
 * A model streams text in arbitrary pieces, so an ARN in its answer can be split across
 * `contentBlockDelta` events (`…:12345678901` then `2:inference-profile…`) where scrubbing each frame
 * alone misses it. This joins the pieces of each block and field, scrubs the whole, and writes the zeros
 * back into the pieces they fell in. A rewritten payload is serialised again (compact, same key order).
 * Returns the indexes of the frames it changed.
 */
export function scrubSplitDeltas(frames: ScrubbableFrame[]): Set<number> {
  const pieces = new Map<
    string,
    { frame: number; payload: Record<string, unknown>; path: readonly string[] }[]
  >();
  const payloads = new Map<number, Record<string, unknown>>();
  frames.forEach((frame, index) => {
    if (frame.headers[":event-type"] !== "contentBlockDelta") return;
    const payload = parseJsonObject(frame.text);
    if (!payload) return;
    payloads.set(index, payload);
    for (const field of DELTA_FIELDS) {
      const path = ["delta", ...field];
      if (typeof readPath(payload, path) !== "string") continue;
      const key = `${String(payload.contentBlockIndex)} ${path.join(".")}`;
      pieces.set(key, [...(pieces.get(key) ?? []), { frame: index, payload, path }]);
    }
  });

  const changed = new Set<number>();
  for (const group of pieces.values()) {
    const texts = group.map(({ payload, path }) => readPath(payload, path) as string);
    const joined = texts.join("");
    const scrubbed = scrubAccountIds(joined);
    if (scrubbed === joined) continue;
    // Scrubbing swaps digits for zeros one for one, so offsets in the joined text map back to the pieces.
    let offset = 0;
    group.forEach(({ frame, payload, path }, index) => {
      const length = (texts[index] as string).length;
      const replacement = scrubbed.slice(offset, offset + length);
      offset += length;
      if (replacement === texts[index]) return;
      writePath(payload, path, replacement);
      changed.add(frame);
    });
  }
  for (const index of changed) (frames[index] as ScrubbableFrame).text = JSON.stringify(payloads.get(index));
  return changed;
}

function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function writePath(value: Record<string, unknown>, path: readonly string[], replacement: string): void {
  const parent = readPath(value, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1] as string] = replacement;
}
