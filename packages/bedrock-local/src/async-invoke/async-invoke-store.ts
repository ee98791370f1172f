import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { AwsError } from "../http/aws-error.js";
import type { AsyncInvokeJob, StartAsyncInvokeRequest } from "./async-invoke-job.js";
import { modelArnFor, newInvocationArn } from "./invocation-arn.js";
import { PageTokens } from "./page-token.js";
import type { JobOutcome } from "./run-job.js";
import { writeJobOutput } from "./write-job-output.js";

/** How asynchronous invocations behave on this server. */
export interface AsyncInvokeOptions {
  /**
   * Milliseconds a job stays InProgress before it ends. `0` ends it before StartAsyncInvoke answers (unless
   * `holdUntil` is given). @default 100
   */
  completeAfterMs?: number;
  /**
   * The folder that stands in for S3: `s3://bucket/prefix` is written to `<outputDir>/bucket/prefix/<id>/`.
   * @default a new folder under the OS temp folder, made when the first job completes
   */
  outputDir?: string;
  /**
   * Keeps each job InProgress until the promise it returns settles (and `completeAfterMs` has passed):
   * lets a test observe InProgress without depending on timing.
   */
  holdUntil?: (invocationArn: string) => Promise<unknown>;
}

export const DEFAULT_COMPLETE_AFTER_MS = 100;

/** A failure message's limit in AWS's model. */
const MAX_FAILURE_MESSAGE = 2048;

/** The outcome of a StartAsyncInvoke the store accepted. */
export interface StartedJob {
  job: AsyncInvokeJob;
  /** False when the token and request repeat an earlier one: nothing new was started. */
  created: boolean;
  /** Settles once the job has ended (at once for a repeated request). */
  ended: Promise<void>;
}

/** The jobs one server keeps: submission, idempotency, the run to its end, and what Get and List read. */
export class AsyncInvokeStore {
  private readonly jobs = new Map<string, AsyncInvokeJob>();
  /** The first request each client token came with (without the token), to tell a retry from a conflict. */
  private readonly tokens = new Map<string, { request: StartAsyncInvokeRequest; invocationArn: string }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sequence = 0;
  private closed = false;
  /** Resolves on `close()`: every wait of a pending job races it, so that each job's `ended` settles. */
  private readonly closing: Promise<void>;
  private markClosed: () => void = () => {};
  private defaultOutputDir: Promise<string> | undefined;
  readonly completeAfterMs: number;
  /** Signs and reads ListAsyncInvokes tokens for this server. */
  readonly pageTokens = new PageTokens();

  constructor(private readonly options: AsyncInvokeOptions = {}) {
    this.completeAfterMs = options.completeAfterMs ?? DEFAULT_COMPLETE_AFTER_MS;
    this.closing = new Promise((resolve) => {
      this.markClosed = resolve;
    });
  }

  /** True when a job ends before StartAsyncInvoke answers. */
  get endsBeforeAnswering(): boolean {
    return this.completeAfterMs === 0 && !this.options.holdUntil;
  }

  /**
   * Records a job and starts `run` for it, or returns the job an identical earlier request with the same token
   * started. The same token with a different request is a ConflictException.
   */
  start(request: StartAsyncInvokeRequest, run: (job: AsyncInvokeJob) => Promise<JobOutcome>): StartedJob {
    const { clientRequestToken, ...withoutToken } = request;
    if (clientRequestToken !== undefined) {
      const earlier = this.tokens.get(clientRequestToken);
      if (earlier) {
        if (!isDeepStrictEqual(earlier.request, withoutToken)) {
          throw new AwsError(
            "ConflictException",
            `The clientRequestToken '${clientRequestToken}' was already used by a different StartAsyncInvoke request (${earlier.invocationArn}). Send a new token for a new request, or repeat the earlier request unchanged.`,
          );
        }
        const job = this.jobs.get(earlier.invocationArn) as AsyncInvokeJob;
        return { job, created: false, ended: Promise.resolve() };
      }
    }
    const now = new Date();
    const { invocationArn, invocationId } = newInvocationArn();
    const job: AsyncInvokeJob = {
      invocationArn,
      invocationId,
      sequence: ++this.sequence,
      modelId: request.modelId,
      modelArn: modelArnFor(request.modelId),
      // AWS reports a token for every job; a request without one (not from an SDK) gets one made up.
      clientRequestToken: clientRequestToken ?? randomUUID(),
      modelInput: request.modelInput,
      s3OutputDataConfig: request.s3OutputDataConfig,
      tags: request.tags ?? [],
      status: "InProgress",
      submitTime: now,
      lastModifiedTime: now,
    };
    this.jobs.set(invocationArn, job);
    if (clientRequestToken !== undefined)
      this.tokens.set(clientRequestToken, { request: withoutToken, invocationArn });
    return { job, created: true, ended: this.runToEnd(job, run) };
  }

  get(invocationArn: string): AsyncInvokeJob | undefined {
    return this.jobs.get(invocationArn);
  }

  /** Every job, in submission order. */
  all(): AsyncInvokeJob[] {
    return [...this.jobs.values()];
  }

  /**
   * Stops every pending job where it is (InProgress, no output written from now on) and settles its
   * `ended`, so that nothing waiting for a job outlives the server.
   */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.markClosed();
  }

  /** Runs the model, waits out `completeAfterMs` (and `holdUntil`), writes the output, then ends the job. */
  private async runToEnd(
    job: AsyncInvokeJob,
    run: (job: AsyncInvokeJob) => Promise<JobOutcome>,
  ): Promise<void> {
    let outcome: JobOutcome;
    try {
      const waited = await Promise.race([
        Promise.all([run(job), this.delay(), this.options.holdUntil?.(job.invocationArn)]),
        this.closing,
      ]);
      if (!waited || this.closed) return;
      outcome = waited[0];
    } catch (error) {
      outcome = {
        kind: "failed",
        message: `bedrock-local could not run the job: ${(error as Error).message}`,
      };
    }
    if (this.closed) return;
    if (outcome.kind === "completed") {
      try {
        const outputDir = await Promise.race([this.outputDir(), this.closing]);
        if (outputDir === undefined || this.closed) return;
        await writeJobOutput(outputDir, job, outcome.files);
      } catch (error) {
        outcome = {
          kind: "failed",
          message: `bedrock-local could not write the output for ${job.s3OutputDataConfig.s3Uri}: ${(error as Error).message}`,
        };
      }
    }
    if (this.closed) return;
    const now = new Date();
    job.status = outcome.kind === "completed" ? "Completed" : "Failed";
    if (outcome.kind === "failed") job.failureMessage = outcome.message.slice(0, MAX_FAILURE_MESSAGE);
    job.endTime = now;
    job.lastModifiedTime = now;
  }

  private delay(): Promise<void> {
    if (this.completeAfterMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, this.completeAfterMs);
      // A pending job must not keep a process alive that has nothing else to do.
      timer.unref();
      this.timers.add(timer);
    });
  }

  private outputDir(): Promise<string> {
    if (this.options.outputDir) return Promise.resolve(this.options.outputDir);
    this.defaultOutputDir ??= mkdtemp(path.join(tmpdir(), "bedrock-local-async-"));
    return this.defaultOutputDir;
  }
}
