import type { RunInput } from "@lode/core";

/** What the queue carries for one run: which agent, on what input, in which session. Plain JSON. */
export interface RunJobData {
  runId: string;
  /** The name the workers know the agent by (their `agents` map). */
  agent: string;
  /** The run's input, bytes as `{ "$bytes": … }`. */
  input: string;
  sessionId?: string;
}

/** What a caller asks of the queue. */
export interface EnqueueRun {
  agent: string;
  input: RunInput;
  sessionId?: string;
  /** @default a new UUID */
  runId?: string;
}
