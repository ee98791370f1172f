import type { AgentEvent, RunInstrumentation, RunWatcher } from "@lode/core";
import type { Report } from "../protocol/reports.js";
import { defaultClientName, newClientId } from "./client-identity.js";
import { ControlChannel } from "./control-channel.js";
import { EventFollower } from "./follow-events.js";
import { ReportSender } from "./report-sender.js";
import { ResumableRuns } from "./resumable-runs.js";
import { reportGraph, reportRun } from "./run-reporter.js";
import { studioEndpointOf } from "./studio-endpoint.js";
import { withoutContent } from "./without-content.js";

export interface StudioOptions {
  /** The studio's page URL, as it prints it (`http://127.0.0.1:PORT/?token=T`). @default `LODE_STUDIO_URL` */
  url?: string;
  /**
   * Report message text, tool inputs and outputs, and requests' messages and system prompt. Off (or
   * `LODE_STUDIO_CONTENT=off`), the studio sees structure, timings and usage only.
   * @default true
   */
  captureContent?: boolean;
  /** Reports held while the studio is slow or down; beyond that they are dropped (and counted). @default 10_000 */
  maxQueuedReports?: number;
  /** How often queued reports are sent. @default 50 */
  flushIntervalMs?: number;
  /** How long one request to the studio may take before it counts as failed. @default 2_000 */
  timeoutMs?: number;
  /** What the process is called in the studio. @default `node <script>` */
  clientName?: string;
  /** @internal The run this process re-runs, for the studio's own re-run: set on every run it reports. */
  rerunOf?: string;
}

/** The studio reporter: an instrumentation, plus a way to report a run from its events alone. */
export type StudioReporter = RunInstrumentation & {
  /**
   * Reports a run from its `AgentEvent`s alone, or from a durable run's stream as `@lode/durable`'s
   * `queue.read(runId)` yields it (its items' `entry.event`); resolves when they end. Never rejects.
   */
  follow(events: AsyncIterable<AgentEvent | FollowedStreamItem>): Promise<void>;
  /** Sends what is queued now; resolves when it was sent or failed. Never rejects. */
  flush(): Promise<void>;
};

/** An item of a durable run's event stream (`{ id, entry }`): only its events are read. */
export interface FollowedStreamItem {
  id: string;
  entry: { kind: "event"; event: AgentEvent } | { kind: Exclude<string, "event"> };
}

/**
 * Reports an agent's (or a graph's) runs to Lode Studio: pass it as `instrumentation`. Every model call
 * (the exact request, the answer, usage, retries), tool call and event is sent in the background, batched;
 * a studio that is slow or down never slows or fails a run. Without a URL (`options.url`, else
 * `LODE_STUDIO_URL`) it reports nothing and costs next to nothing. While it holds a run waiting for
 * approval, the studio can send that run's decisions back, and the session resumes in this process.
 */
export function studio(options: StudioOptions = {}): StudioReporter {
  const endpoint = studioEndpointOf(options.url ?? process.env.LODE_STUDIO_URL);
  if (!endpoint) return INERT;
  if ("wrong" in endpoint) return misconfigured(endpoint.wrong);
  const clientId = newClientId();
  const sender = new ReportSender({
    endpoint,
    clientId,
    clientName: options.clientName ?? defaultClientName(),
    maxQueuedReports: options.maxQueuedReports ?? 10_000,
    flushIntervalMs: options.flushIntervalMs ?? 50,
    timeoutMs: options.timeoutMs ?? 2_000,
  });
  const captureContent = options.captureContent !== false && process.env.LODE_STUDIO_CONTENT !== "off";
  const report = (made: Report) => {
    try {
      sender.enqueue(captureContent ? made : withoutContent(made));
    } catch {
      // a report that could not be made is lost; the run goes on
    }
  };
  const control = new ControlChannel(endpoint, sender.agent, clientId, (message) => {
    const ack = resumable.decide(message);
    void sender.post("/api/control/ack", JSON.stringify(ack));
  });
  const resumable = new ResumableRuns((holding) => (holding ? control.start() : control.close()));
  const settings = { report, resumable, rerunOf: options.rerunOf };
  return {
    startRun: (run) => reportRun(run, settings),
    startGraph: (graph) => reportGraph(graph, report),
    follow: async (events) => {
      const follower = new EventFollower(report, options.rerunOf);
      try {
        for await (const item of events) {
          const event = "entry" in item ? eventOf(item) : item;
          if (event) follower.see(event);
        }
      } catch {
        // the stream failed: what it told is reported
      }
    },
    flush: () => sender.flush(),
  };
}

function eventOf(item: FollowedStreamItem): AgentEvent | undefined {
  return item.entry.kind === "event" && "event" in item.entry ? item.entry.event : undefined;
}

const UNWATCHED: RunWatcher = {
  modelCall: () => ({ send: (send) => send(), firstChunk() {}, retry() {}, end() {} }),
  toolCall: (_call, run) => run(),
  event() {},
};

/** A reporter whose URL is wrong: runs go on unwatched, each told why in a `warning` event after its start. */
function misconfigured(message: string): StudioReporter {
  const warnings = [{ source: "@lode/studio", message }];
  return { ...INERT, startRun: () => ({ ...UNWATCHED, warnings }) };
}

/** The reporter without a studio: every run runs as it would unwatched. */
const INERT: StudioReporter = {
  startRun: () => UNWATCHED,
  startGraph: () => ({ event() {} }),
  follow: async () => {},
  flush: async () => {},
};
