import type { ApprovalDecision, RunResult } from "@lode/core";
import type { ControlAck } from "../protocol/api.js";
import type { ControlMessage } from "../protocol/reports.js";

type SendDecisions = (decisions: ApprovalDecision[]) => Promise<RunResult<unknown>>;

/** How many runs' `sendDecisions` a reporter keeps: the newest, so a long process does not keep them all. */
const KEPT_RUNS = 100;

/**
 * The runs this process can resume with a person's decisions, by run id: added as a run with a session
 * starts, dropped when it ends without waiting (or when 100 newer ones came). `onChange` hears whether any
 * are held, so the control channel is open only while there is something to resume.
 */
export class ResumableRuns {
  private readonly runs = new Map<string, SendDecisions>();

  constructor(private readonly onChange: (holding: boolean) => void) {}

  add(runId: string, sendDecisions: SendDecisions): void {
    this.runs.delete(runId);
    this.runs.set(runId, sendDecisions);
    for (const oldest of this.runs.keys()) {
      if (this.runs.size <= KEPT_RUNS) break;
      this.runs.delete(oldest);
    }
    this.onChange(true);
  }

  /** The run ended: it stays resumable only when it waits for approval. */
  ended(runId: string, waiting: boolean): void {
    if (waiting || !this.runs.delete(runId)) return;
    if (this.runs.size === 0) this.onChange(false);
  }

  /**
   * Hands a `decisions` message to its run's session (the new run is not awaited: it reports like any
   * other; its failure is caught) and says what became of it.
   */
  decide(message: ControlMessage): ControlAck {
    const { requestId, runId } = message;
    const send = this.runs.get(runId);
    if (!send) return { requestId, ok: false, message: `This process holds no run ${runId} to resume.` };
    try {
      send(message.decisions).catch(() => {});
    } catch (error) {
      return { requestId, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    return { requestId, ok: true };
  }
}
