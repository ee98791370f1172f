import type { EventOf } from "@lode/core";
import type { Report } from "../protocol/reports.js";

/** The events whose texts the reporter joins: many a second while a model streams. */
export type DeltaEvent = EventOf<"text-delta"> | EventOf<"reasoning-delta"> | EventOf<"tool-input-delta">;

/** An event report holding a delta, kept as an object until its batch is cut so its block's can be joined. */
export interface DeltaReport {
  kind: "event";
  at: number;
  event: DeltaEvent;
}

export function isDeltaReport(report: Report): report is DeltaReport {
  if (report.kind !== "event") return false;
  const { type } = report.event;
  return type === "text-delta" || type === "reasoning-delta" || type === "tool-input-delta";
}

/**
 * The deltas of one batch, at most one per block: each block's texts joined into its first delta's place
 * (before the block's end, which follows its deltas), with the last delta's partial tool input.
 */
export function coalesceDeltas<T>(
  entries: readonly (T | DeltaReport)[],
  isDelta: (entry: T | DeltaReport) => entry is DeltaReport,
): (T | DeltaReport)[] {
  const merged: (T | DeltaReport)[] = [];
  const byBlock = new Map<string, number>();
  for (const entry of entries) {
    if (!isDelta(entry)) {
      merged.push(entry);
      continue;
    }
    const key = blockKey(entry.event);
    const at = byBlock.get(key);
    const first = at === undefined ? undefined : (merged[at] as DeltaReport);
    if (at === undefined || !first) {
      byBlock.set(key, merged.length);
      merged.push(entry);
      continue;
    }
    merged[at] = { ...first, event: joined(first.event, entry.event) };
  }
  return merged;
}

function blockKey(event: DeltaEvent): string {
  const block = event.type === "tool-input-delta" ? event.toolUseId : event.id;
  return `${event.runId}\u0000${event.type}\u0000${block}`;
}

function joined(first: DeltaEvent, next: DeltaEvent): DeltaEvent {
  if (first.type === "tool-input-delta" && next.type === "tool-input-delta")
    return { ...first, delta: first.delta + next.delta, partialInput: next.partialInput };
  if (first.type !== "tool-input-delta" && next.type === first.type)
    return { ...first, text: first.text + next.text };
  return first;
}
