import type { Report } from "../protocol/reports.js";
import { coalesceDeltas, type DeltaReport, isDeltaReport } from "./coalesce-deltas.js";
import { reportJson } from "./report-json.js";

type Entry = { json: string } | DeltaReport;

const isDelta = (entry: Entry): entry is DeltaReport => !("json" in entry);

/**
 * The reports waiting to be sent, at most `max` of them: beyond that a report is dropped and counted (a
 * studio that is down must not grow the process's memory). Each is JSON as soon as it is queued, but
 * deltas, which are joined per block when a batch is cut.
 */
export class ReportQueue {
  private entries: Entry[] = [];
  /** Reports dropped since the last batch was cut: the queue was full, or a report would not serialize. */
  dropped = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.length;
  }

  push(report: Report): void {
    if (this.entries.length >= this.max) {
      this.dropped += 1;
      return;
    }
    if (isDeltaReport(report)) {
      this.entries.push(report);
      return;
    }
    try {
      this.entries.push({ json: reportJson(report) });
    } catch {
      // a value JSON cannot hold (a cycle in a tool's input): the report is lost, the run is not
      this.dropped += 1;
    }
  }

  /** The first `count` reports as JSON texts, deltas joined, taken off the queue. */
  take(count: number): string[] {
    const taken = this.entries.splice(0, count);
    return coalesceDeltas(taken, isDelta).map((entry) => (isDelta(entry) ? reportJson(entry) : entry.json));
  }

  clear(): void {
    this.entries = [];
  }
}
