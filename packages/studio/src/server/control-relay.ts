import { randomUUID } from "node:crypto";
import type { ApprovalDecision } from "@lode/core";
import type { ControlAck } from "../protocol/api.js";
import type { ControlMessage } from "../protocol/reports.js";
import type { EventStream } from "./event-stream.js";
import { HttpError } from "./http-io.js";

/** How long the studio waits for a reporter to say it resumed the session. */
export const ACK_TIMEOUT_MS = 10_000;

interface PendingAck {
  resolve(ack: ControlAck): void;
  timer: NodeJS.Timeout;
}

/**
 * The reporters' control channels, by client id, and the control messages awaiting their acknowledgement.
 * A process that opens a second channel replaces its first.
 */
export class ControlRelay {
  readonly #channels = new Map<string, EventStream>();
  readonly #pending = new Map<string, PendingAck>();

  /**
   * @param onListening told when a process's channel opens or closes (its runs' `resumable` changes)
   */
  constructor(
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
    private readonly onListening: (clientId: string) => void = () => {},
  ) {}

  /** Whether a process's control channel is open. */
  isListening(clientId: string): boolean {
    return this.#channels.has(clientId);
  }

  open(clientId: string, stream: EventStream): void {
    this.#channels.get(clientId)?.close();
    this.#channels.set(clientId, stream);
    this.onListening(clientId);
    void stream.closed.then(() => {
      if (this.#channels.get(clientId) !== stream) return;
      this.#channels.delete(clientId);
      this.onListening(clientId);
    });
  }

  /**
   * Sends decisions on a run's waiting calls to its process and waits for its acknowledgement: 409 when the
   * process does not listen, 504 when it does not answer in time, 502 when it could not resume.
   */
  async sendDecisions(clientId: string, runId: string, decisions: ApprovalDecision[]): Promise<void> {
    const channel = this.#channels.get(clientId);
    if (!channel)
      throw new HttpError(409, "The run's process is not listening for decisions (it may have exited).");
    const requestId = randomUUID();
    const ack = new Promise<ControlAck | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        resolve(undefined);
      }, this.ackTimeoutMs);
      timer.unref();
      this.#pending.set(requestId, { resolve, timer });
    });
    const message: ControlMessage = { kind: "decisions", runId, decisions, requestId };
    channel.send(message);
    const answer = await ack;
    if (!answer) throw new HttpError(504, "The run's process did not acknowledge the decisions in time.");
    if (!answer.ok) throw new HttpError(502, answer.message);
  }

  /** A reporter's acknowledgement; false when nothing awaits it (late, or unknown). */
  acknowledge(ack: ControlAck): boolean {
    const pending = this.#pending.get(ack.requestId);
    if (!pending) return false;
    this.#pending.delete(ack.requestId);
    clearTimeout(pending.timer);
    pending.resolve(ack);
    return true;
  }

  close(): void {
    for (const [requestId, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.resolve({ requestId, ok: false, message: "The studio closed." });
    }
    this.#pending.clear();
    for (const channel of this.#channels.values()) channel.close();
    this.#channels.clear();
  }
}
