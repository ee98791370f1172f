import { request as httpRequest, type IncomingMessage } from "node:http";
import { stringifyWithBytes } from "@lode/core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ControlAck, LiveUpdate } from "../../packages/studio/src/protocol/api.js";
import type { ControlMessage, Report } from "../../packages/studio/src/protocol/reports.js";
import { type Studio, startStudio } from "../../packages/studio/src/server/start-studio.js";
import {
  event,
  runStart,
  twoStepJob,
  usage,
} from "../../packages/studio/src/store/sample-reports.test-support.js";

let studio: Studio;

beforeEach(async () => {
  studio = await startStudio();
});
afterEach(() => studio.close());

function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-lode-studio-token", studio.token);
  return fetch(`${studio.origin}${path}`, { ...init, headers });
}

function postReports(clientId: string, reports: Report[]): Promise<Response> {
  return api("/api/reports", {
    method: "POST",
    body: stringifyWithBytes({ clientId, clientName: "test", reports }),
  });
}

/** A server-sent events stream read as a queue of parsed `data:` values. */
interface EventReader<T> {
  next(): Promise<T>;
  close(): void;
}

async function readEvents<T>(path: string): Promise<EventReader<T>> {
  const url = new URL(path, studio.origin);
  url.searchParams.set("token", studio.token);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = httpRequest(url, resolve);
    request.on("error", reject);
    request.end();
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toMatch(/^text\/event-stream/);
  const values: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  let buffer = "";
  response.setEncoding("utf8");
  response.on("data", (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      if (!frame.startsWith("data: ")) continue;
      const value = JSON.parse(frame.slice(6)) as T;
      const waiter = waiters.shift();
      if (waiter) waiter(value);
      else values.push(value);
    }
  });
  return {
    next: () => {
      const value = values.shift();
      return value === undefined ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve(value);
    },
    close: () => response.destroy(),
  };
}

/** A run of `clientId`'s that ended waiting for a person's decision on one call. */
function pausedRun(runId: string): Report[] {
  const pendingApprovals = [{ toolUseId: "t-refund", toolName: "refund", input: { amount: 500 } }];
  return [
    runStart(runId),
    event(runId, {
      type: "run-end",
      result: { text: "", stopReason: "awaiting_approval", usage: usage(1, 1), pendingApprovals, steps: [] },
    }),
  ];
}

const decide = (runId: string) =>
  api(`/api/runs/${runId}/decisions`, {
    method: "POST",
    body: JSON.stringify({ decisions: [{ toolUseId: "t-refund", approved: true }] }),
  });

const ack = (body: ControlAck) => api("/api/control/ack", { method: "POST", body: JSON.stringify(body) });

describe("the studio's streams", () => {
  test("/api/live sends a run as it starts and as it ends, and a clearing", async () => {
    const live = await readEvents<LiveUpdate>("/api/live");
    await postReports("p", [runStart("r1")]);
    expect(await live.next()).toMatchObject({ type: "run", run: { id: "r1", status: "running" } });
    await postReports("p", twoStepJob("r1").slice(1));
    // Updates of one run are throttled: the end arrives, as the run's latest summary, a moment later.
    expect(await live.next()).toMatchObject({
      type: "run",
      run: { id: "r1", status: "done", modelCalls: 2 },
    });
    await api("/api/runs", { method: "DELETE" });
    expect(await live.next()).toEqual({ type: "cleared" });
    live.close();
  });

  test("relays decisions to the run's process and answers once it acknowledges", async () => {
    await postReports("proc-1", pausedRun("paused"));
    expect((await decide("paused")).status).toBe(409);
    const control = await readEvents<ControlMessage>("/api/control?client=proc-1");
    expect((await (await api("/api/runs/paused")).json()) as { resumable: boolean }).toMatchObject({
      resumable: true,
    });
    const answer = decide("paused");
    const message = await control.next();
    expect(message).toEqual({
      kind: "decisions",
      runId: "paused",
      decisions: [{ toolUseId: "t-refund", approved: true }],
      requestId: expect.any(String),
    });
    expect((await ack({ requestId: message.requestId, ok: true })).status).toBe(204);
    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sent: true });
    // An acknowledgement nothing awaits.
    expect((await ack({ requestId: message.requestId, ok: true })).status).toBe(404);

    // The new run resumes the paused one: nothing is left to decide on it.
    await postReports("proc-1", [
      runStart("next"),
      event("next", { type: "run-start", input: [], resumes: "paused" }),
    ]);
    expect(await (await api("/api/runs/paused")).json()).toMatchObject({ resumedBy: "next", waiting: 0 });
    expect((await decide("paused")).status).toBe(409);
    control.close();
  });

  test("a process that could not resume: 502 with its message", async () => {
    await postReports("proc-2", pausedRun("paused-2"));
    const control = await readEvents<ControlMessage>("/api/control?client=proc-2");
    const answer = decide("paused-2");
    const message = await control.next();
    await ack({ requestId: message.requestId, ok: false, message: "The session is gone." });
    const response = await answer;
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: "The session is gone." });
    control.close();
  });

  test("the live stream tells when a waiting run's process starts or stops listening; gone, it is 409", async () => {
    await postReports("proc-3", pausedRun("paused-3"));
    const live = await readEvents<LiveUpdate>("/api/live");
    const control = await readEvents<ControlMessage>("/api/control?client=proc-3");
    expect(await live.next()).toMatchObject({
      type: "run",
      run: { id: "paused-3", resumable: true, waiting: 1 },
    });
    control.close();
    expect(await live.next()).toMatchObject({ type: "run", run: { id: "paused-3", resumable: false } });
    expect((await decide("paused-3")).status).toBe(409);
    live.close();
  });
});
