import type { LiveUpdate, RunList, RunQuery } from "../protocol/api.js";
import type { Report } from "../protocol/reports.js";
import type { RunRecord, RunSummary } from "../protocol/run-record.js";
import { foldReport } from "./fold-report.js";
import { entryOf, type RunEntry, type StoreAccess } from "./run-entry.js";
import { matchesQuery, pageSize } from "./run-query.js";
import { RequestSharing } from "./share-request.js";
import { summaryOf } from "./summary-of.js";

export interface RunStoreOptions {
  /** Runs kept; beyond it the oldest are dropped whole. @default 2000 */
  maxRuns?: number;
  /**
   * Whether a reporting process still listens for decisions (its control channel is open): a run is
   * `resumable` only while its own process does. Every process listens when left out.
   */
  isListening?: (clientId: string) => boolean;
}

/** Told of every change: a run started or changed (once per run per batch of reports), or all cleared. */
export type RunStoreListener = (update: LiveUpdate) => void;

/**
 * The studio's runs, folded from the reporters' reports as they come. Bounded: beyond `maxRuns`, the
 * oldest runs are dropped whole. Each report lands in O(1) and a list reads only the runs' summary fields.
 */
export class RunStore {
  readonly maxRuns: number;
  readonly #runs = new Map<string, RunEntry>();
  readonly #listeners = new Set<RunStoreListener>();
  readonly #isListening: (clientId: string) => boolean;
  readonly #sharing = new RequestSharing();
  #seq = 0;
  /** Runs changed by the batch being folded, told to listeners once it is done. */
  #changed: Set<string> | undefined;

  constructor(options: RunStoreOptions = {}) {
    this.maxRuns = Math.max(1, Math.floor(options.maxRuns ?? 2000));
    this.#isListening = options.isListening ?? (() => true);
  }

  /** Runs kept. */
  get size(): number {
    return this.#runs.size;
  }

  /** Folds a batch of reports from one process; a report that does not fold (malformed) is skipped. */
  ingest(reports: readonly Report[], clientId: string): void {
    const changed = new Set<string>();
    this.#changed = changed;
    const access = this.#access();
    try {
      for (const report of reports) {
        try {
          foldReport(access, report, clientId);
        } catch {
          // A malformed report (another version's, or garbage) is the reporter's problem, not the studio's.
        }
      }
    } finally {
      this.#changed = undefined;
    }
    for (const id of changed) this.#tellRun(id);
  }

  /** Adds a whole run (an opened recording), replacing one of the same id. */
  insert(record: RunRecord): void {
    this.#runs.delete(record.id);
    this.#add(record);
    this.#tellRun(record.id);
  }

  get(id: string): RunRecord | undefined {
    const entry = this.#runs.get(id);
    if (!entry) return undefined;
    const resumable = this.#resumable(entry.record);
    return resumable === entry.record.resumable ? entry.record : { ...entry.record, resumable };
  }

  /** Whether a run's process said it can resume it (the run may still not be waiting). */
  reportedResumable(id: string): boolean {
    return this.#runs.get(id)?.record.resumable ?? false;
  }

  /** The runs that match, newest first, a page at a time. */
  list(query: RunQuery = {}): RunList {
    const limit = pageSize(query.limit);
    const before = query.before === undefined ? undefined : this.#runs.get(query.before)?.seq;
    const needle = query.q?.trim().toLowerCase() || undefined;
    const entries = [...this.#runs.values()];
    const runs: RunSummary[] = [];
    let total = 0;
    for (let index = entries.length - 1; index >= 0; index--) {
      const entry = entries[index] as RunEntry;
      if (!matchesQuery(entry, query, needle)) continue;
      total++;
      if (runs.length < limit && (before === undefined || entry.seq < before)) {
        runs.push(summaryOf(entry.record, this.#resumable(entry.record)));
      }
    }
    return { runs, total, kept: this.#runs.size };
  }

  /** A run's summary, as the list shows it. */
  summary(id: string): RunSummary | undefined {
    const entry = this.#runs.get(id);
    return entry && summaryOf(entry.record, this.#resumable(entry.record));
  }

  /**
   * A process began or stopped listening for decisions: its waiting runs' `resumable` changed, and their
   * summaries go out again. Rare (a control channel opens once per process), so a scan of the runs is fine.
   */
  clientChanged(clientId: string): void {
    for (const entry of this.#runs.values()) {
      const { record } = entry;
      if (record.clientId === clientId && record.resumable && record.waiting > 0) this.#tellRun(record.id);
    }
  }

  clear(): void {
    this.#runs.clear();
    for (const listener of this.#listeners) listener({ type: "cleared" });
  }

  /** Listens to changes; returns what stops it. */
  onChange(listener: RunStoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #resumable(record: RunRecord): boolean {
    return record.resumable && this.#isListening(record.clientId);
  }

  #access(): StoreAccess {
    return {
      entry: (id) => this.#runs.get(id),
      add: (record) => this.#add(record),
      sharing: this.#sharing,
      changed: (id) => this.#changed?.add(id),
    };
  }

  #add(record: RunRecord): RunEntry {
    const entry = entryOf(record, ++this.#seq);
    this.#runs.set(record.id, entry);
    this.#changed?.add(record.id);
    // A Map iterates in insertion order: its first keys are the oldest runs.
    for (const id of this.#runs.keys()) {
      if (this.#runs.size <= this.maxRuns) break;
      this.#runs.delete(id);
      this.#changed?.delete(id);
    }
    return entry;
  }

  #tellRun(id: string): void {
    if (this.#listeners.size === 0) return;
    const run = this.summary(id);
    if (!run) return;
    for (const listener of this.#listeners) listener({ type: "run", run });
  }
}
