import type { Report } from "../protocol/reports.js";
import { flushBeforeExit } from "./exit-flush.js";
import { postJson, reporterAgent } from "./http-post.js";
import { ReportQueue } from "./report-queue.js";
import type { StudioEndpoint } from "./studio-endpoint.js";

export interface ReportSenderOptions {
  endpoint: StudioEndpoint;
  clientId: string;
  clientName: string;
  maxQueuedReports: number;
  flushIntervalMs: number;
  timeoutMs: number;
}

/** Reports per POST: a batch stays a modest body even when a run streamed thousands of events. */
const BATCH_SIZE = 500;
const FIRST_BACK_OFF_MS = 250;
const MAX_BACK_OFF_MS = 10_000;

/**
 * Sends queued reports to the studio in batches, one POST after another (so they arrive in order), every
 * `flushIntervalMs` while there are any. Nothing here is awaited by a run: timers and sockets are unref'd,
 * a failed batch is dropped (and counted in the next) and the next waits out a growing back-off, and every
 * error is swallowed. What a script queued last is sent on `beforeExit`.
 */
export class ReportSender {
  readonly agent = reporterAgent();
  private readonly queue: ReportQueue;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private backOffMs = 0;
  private resumeAt = 0;
  private exitFlushing = false;

  constructor(private readonly options: ReportSenderOptions) {
    this.queue = new ReportQueue(options.maxQueuedReports);
  }

  get endpoint(): StudioEndpoint {
    return this.options.endpoint;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Reports queued or a batch out. */
  get pending(): boolean {
    return this.queue.size > 0 || this.inFlight > 0;
  }

  enqueue(report: Report): void {
    this.queue.push(report);
    if (!this.exitFlushing) {
      this.exitFlushing = true;
      flushBeforeExit(this);
    }
    this.schedule();
  }

  /**
   * Sends every report queued now, after the batch out, whatever the back-off; resolves when they were sent
   * or failed. Never rejects.
   */
  flush(): Promise<void> {
    const batches = Math.ceil(this.queue.size / BATCH_SIZE);
    for (let sent = 0; sent < batches; sent += 1) this.send();
    return this.chain;
  }

  /** POSTs JSON to the studio (a control channel's acknowledgement); true on a 2xx answer. */
  post(path: string, body: string): Promise<boolean> {
    return postJson(this.options.endpoint, this.agent, path, body, this.options.timeoutMs);
  }

  private schedule(): void {
    if (this.timer || this.queue.size === 0) return;
    const delay = Math.max(this.options.flushIntervalMs, this.resumeAt - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.inFlight === 0) this.send();
      void this.chain.then(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** One batch, after those already out. */
  private send(): void {
    this.inFlight += 1;
    this.chain = this.chain
      .then(() => this.sendBatch())
      .catch(() => {})
      .finally(() => {
        this.inFlight -= 1;
      });
  }

  /** Up to `BATCH_SIZE` queued reports in one POST; a failure starts (or doubles) the back-off. */
  private async sendBatch(): Promise<void> {
    const reports = this.queue.take(BATCH_SIZE);
    if (reports.length === 0) return;
    const dropped = this.queue.dropped;
    this.queue.dropped = 0;
    const { clientId, clientName } = this.options;
    const head = JSON.stringify({ clientId, clientName, ...(dropped > 0 ? { dropped } : {}) });
    const body = `${head.slice(0, -1)},"reports":[${reports.join(",")}]}`;
    if (await this.post("/api/reports", body)) {
      this.backOffMs = 0;
      return;
    }
    this.queue.dropped += reports.length;
    this.backOffMs = Math.min(MAX_BACK_OFF_MS, this.backOffMs ? this.backOffMs * 2 : FIRST_BACK_OFF_MS);
    this.resumeAt = Date.now() + this.backOffMs;
  }
}
