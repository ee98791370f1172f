import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "@lode/core";
import type { Report } from "../protocol/reports.js";
import type { ReportSink } from "./run-reporter.js";

/** What following a run's events has seen of it so far. */
interface FollowedRun {
  /** The conversation as far as the events showed it: the run's input, then each message. */
  conversation: Message[];
  /** The step whose model call is open (started, not ended). */
  openStep: number | undefined;
  /** The model's answer in the open step, once its `message` event came, and when. */
  answer: Message | undefined;
  answeredAt: number | undefined;
  /**
   * The open step's tool calls, held (with the time they happened) until the step ends: the events tell a
   * call before the step's stop reason, which the model call's end carries and must come first.
   */
  held: Report[];
}

/**
 * Reports a run from its events alone (a durable run read from its queue: no seams to watch). The run
 * starts at its `run-start` event, each step is a model call (its request is the conversation the events
 * showed, without the system prompt or tools, which no event carries), tool calls start at `tool-call`
 * and end at `tool-result` (or wait, at `approval-requested`); every event is reported after what it tells.
 */
export class EventFollower {
  private readonly runs = new Map<string, FollowedRun>();

  constructor(
    private readonly report: ReportSink,
    private readonly rerunOf: string | undefined,
  ) {}

  see(event: AgentEvent): void {
    const at = Date.now();
    const { runId } = event;
    if (event.type === "run-start") {
      this.runs.set(runId, {
        conversation: [...event.input],
        openStep: undefined,
        answer: undefined,
        answeredAt: undefined,
        held: [],
      });
      this.report({
        kind: "run-start",
        at,
        runId,
        agentName: event.agentPath.at(-1),
        agentDescription: undefined,
        agentPath: event.agentPath,
        parent: event.parent,
        // No event names the model; the studio shows the run without one.
        modelId: "",
        sessionId: event.sessionId,
        resumable: false,
        ...(this.rerunOf ? { rerunOf: this.rerunOf } : {}),
      });
    }
    const run = this.runs.get(runId);
    if (run) this.derive(run, event, at);
    this.report({ kind: "event", at, event });
    if (event.type === "run-end" || event.type === "run-error") this.runs.delete(runId);
  }

  private toolReport(run: FollowedRun, report: Report): void {
    if (run.openStep === undefined) this.report(report);
    else run.held.push(report);
  }

  private release(run: FollowedRun): void {
    for (const report of run.held.splice(0)) this.report(report);
  }

  private derive(run: FollowedRun, event: AgentEvent, at: number): void {
    const { runId, step } = event;
    switch (event.type) {
      case "step-start":
        run.openStep = step;
        run.answer = undefined;
        run.answeredAt = undefined;
        this.report({
          kind: "model-call-start",
          at,
          runId,
          step,
          request: { modelId: "", messages: [...run.conversation] },
        });
        return;
      case "message":
        run.conversation.push(event.message);
        if (event.message.role === "assistant" && run.openStep !== undefined) {
          run.answer = event.message;
          run.answeredAt = at;
        }
        return;
      case "retry":
        if (event.operation === "ConverseStream")
          this.report({ kind: "model-retry", at, runId, step, ...pick(event) });
        return;
      case "step-end":
        run.openStep = undefined;
        this.report({
          kind: "model-call-end",
          at: run.answeredAt ?? at,
          runId,
          step,
          outcome: {
            status: "answered",
            message: run.answer ?? { role: "assistant", content: [] },
            stopReason: event.stopReason,
            usage: event.usage,
            requestId: undefined,
          },
        });
        this.release(run);
        return;
      case "tool-call":
        this.toolReport(run, {
          kind: "tool-start",
          at,
          runId,
          step,
          toolUseId: event.toolUseId,
          toolName: event.toolName,
          input: event.input,
        });
        return;
      case "tool-result":
        this.toolReport(run, {
          kind: "tool-end",
          at,
          runId,
          toolUseId: event.toolUseId,
          outcome: { status: event.status, content: event.content },
        });
        return;
      case "approval-requested":
        this.toolReport(run, {
          kind: "tool-end",
          at,
          runId,
          toolUseId: event.toolUseId,
          outcome: { status: "pending", input: event.input },
        });
        return;
      case "run-error":
        if (run.openStep !== undefined)
          this.report({
            kind: "model-call-end",
            at,
            runId,
            step: run.openStep,
            outcome: { status: "failed", error: { code: event.code, message: event.message } },
          });
        this.release(run);
        return;
      default:
        return;
    }
  }
}

function pick(event: Extract<AgentEvent, { type: "retry" }>) {
  const { attempt, delayMs, code, message } = event;
  return { attempt, delayMs, code, message };
}
