/** Where a durable run's records live in Redis, under one prefix. */
export class RunKeys {
  constructor(readonly prefix: string) {}

  /** The run's last checkpoint (JSON). */
  checkpoint(runId: string): string {
    return `${this.prefix}run:${runId}:checkpoint`;
  }
  /** The calls of the step in progress, by tool use id (a hash). */
  calls(runId: string): string {
    return `${this.prefix}run:${runId}:calls`;
  }
  /** The run's events, in order (a stream). */
  events(runId: string): string {
    return `${this.prefix}run:${runId}:events`;
  }
  /** The run's result once it finished (JSON). */
  result(runId: string): string {
    return `${this.prefix}run:${runId}:result`;
  }
  /** The token of the attempt that holds the run: only its writes land (see `RunFence`). */
  owner(runId: string): string {
    return `${this.prefix}run:${runId}:owner`;
  }
  /** Set when the run was cancelled. */
  cancelled(runId: string): string {
    return `${this.prefix}run:${runId}:cancelled`;
  }
  /** Where cancellations are announced to the workers. */
  get cancelChannel(): string {
    return `${this.prefix}cancel`;
  }
}

/** How long a finished run's records are kept, for readers that come late. */
export const FINISHED_TTL_SECONDS = 24 * 60 * 60;
