import { afterEach, describe, expect, test } from "vitest";
import type { RunRecord } from "../../packages/studio/src/protocol/run-record.js";
import { studio as studioReporter } from "../../packages/studio/src/reporter/studio.js";
import { type Studio, startStudio } from "../../packages/studio/src/server/start-studio.js";
import { TWO_APPROVALS, tripTools } from "../approvals/support/trip-tools.js";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { startWeatherDesk } from "./support/studio-jobs.js";

const startAgent = scriptedAgentPerTest();

let studio: Studio | undefined;
afterEach(() => studio?.close());

describe("the studio with a real reporter", () => {
  test("folds the two-step weather job into its record: steps, retry, parallel calls, usage and cost", async () => {
    studio = await startStudio();
    const reporter = studioReporter({ url: studio.url, flushIntervalMs: 5 });
    const desk = await startWeatherDesk(reporter);
    try {
      const result = await desk.agent.run("Weather in Lisbon and Oslo?");
      await reporter.flush();
      const list = studio.store.list();
      expect(list.runs.map((run) => run.id)).toEqual([result.runId]);
      const record = studio.store.get(result.runId);
      expect(record).toMatchObject({
        status: "done",
        stopReason: "end_turn",
        name: "desk",
        modelCalls: 2,
        toolCalls: 2,
        usage: result.usage,
        cost: result.cost,
        text: result.text,
        preview: "Weather in Lisbon and Oslo?",
      });
      const [first, second] = record?.steps ?? [];
      expect(first?.retries).toHaveLength(1);
      expect(first?.request?.system).toBeDefined();
      expect(second?.request?.messages).toHaveLength(3);
      expect(record?.steps.map((step) => step.cost)).toEqual(result.steps.map((step) => step.cost));
      expect(record?.steps.map((step) => step.answer?.usage)).toEqual(result.steps.map((step) => step.usage));
      expect(record?.calls.map((call) => [call.toolUseId, call.status])).toEqual([
        ["tu_lisbon", "success"],
        ["tu_oslo", "success"],
      ]);
      const [lisbon, oslo] = record?.calls ?? [];
      // The two calls met at a barrier: each started before the other ended.
      expect(lisbon?.startedAt).toBeLessThanOrEqual(oslo?.endedAt ?? 0);
      expect(oslo?.startedAt).toBeLessThanOrEqual(lisbon?.endedAt ?? 0);
    } finally {
      await desk.close();
    }
  });

  test("Approve in the studio: the decisions reach the run's process, which resumes the session", async () => {
    studio = await startStudio();
    const running = studio;
    const reporter = studioReporter({ url: running.url, flushIntervalMs: 1 });
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }), {
      tools: trip.tools,
      instrumentation: reporter,
    });
    const first = await harness.agent.run("Book Oslo and Lima.", { sessionId: "trip-1" });
    expect(first.stopReason).toBe("awaiting_approval");
    await reporter.flush();
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${running.origin}${path}`, { ...init, headers: { "x-lode-studio-token": running.token } });
    await expect
      .poll(async () => ((await (await api(`/api/runs/${first.runId}`)).json()) as RunRecord).resumable)
      .toBe(true);
    expect(running.store.get(first.runId)).toMatchObject({ status: "awaiting_approval", waiting: 2 });

    const decided = await api(`/api/runs/${first.runId}/decisions`, {
      method: "POST",
      body: JSON.stringify({
        decisions: [
          { toolUseId: "tu_oslo", approved: true },
          { toolUseId: "tu_lima", approved: false, reason: "Too far." },
        ],
      }),
    });
    expect(await decided.json()).toEqual({ sent: true });
    await expect.poll(() => running.store.get(first.runId)?.resumedBy).toBeDefined();
    const resumedBy = running.store.get(first.runId)?.resumedBy ?? "";
    await expect.poll(() => running.store.get(resumedBy)?.status).toBe("done");
    expect(running.store.get(resumedBy)).toMatchObject({ resumes: first.runId, sessionId: "trip-1" });
    expect(
      running.store.get(resumedBy)?.marks.filter((mark) => mark.kind === "approval-decided"),
    ).toHaveLength(2);
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
    // Decided, the first run takes no more decisions.
    const again = await api(`/api/runs/${first.runId}/decisions`, {
      method: "POST",
      body: JSON.stringify({ decisions: [{ toolUseId: "tu_oslo", approved: true }] }),
    });
    expect(again.status).toBe(409);
  });
});
