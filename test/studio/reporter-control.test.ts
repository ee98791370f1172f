import { studio } from "@lode/studio";
import { afterEach, describe, expect, test } from "vitest";
import { TWO_APPROVALS, tripTools } from "../approvals/support/trip-tools.js";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { type FakeStudio, startFakeStudio } from "./reporter-fake-studio.js";

const startAgent = scriptedAgentPerTest();
const fakes: FakeStudio[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe("the studio's control channel", () => {
  test("decisions sent for a run that awaits approval resume its session in this process, and are acknowledged", async () => {
    const fake = await startFakeStudio();
    fakes.push(fake);
    const reporter = studio({ url: fake.url, flushIntervalMs: 1 });
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }), {
      tools: trip.tools,
      instrumentation: reporter,
    });
    const first = await harness.agent.run("Book Oslo and Lima.", { sessionId: "trip-1" });
    expect(first.stopReason).toBe("awaiting_approval");
    await reporter.flush();
    expect(fake.reports()[0]).toMatchObject({ kind: "run-start", resumable: true, sessionId: "trip-1" });

    await fake.until(() => fake.controlClients().length === 1);
    expect(fake.controlClients()).toEqual([fake.batches[0]?.clientId]);
    fake.sendControl({
      kind: "decisions",
      runId: first.runId,
      requestId: "req-1",
      decisions: [
        { toolUseId: "tu_oslo", approved: true },
        { toolUseId: "tu_lima", approved: false, reason: "Too far." },
      ],
    });
    await fake.until(() => fake.acks.length === 1);
    expect(fake.acks).toEqual([{ requestId: "req-1", ok: true }]);

    // The session's new run reports like any other, and ends having booked the approved trip.
    const runEnds = () =>
      fake
        .reports()
        .flatMap((report) =>
          report.kind === "event" && report.event.type === "run-end" ? [report.event.result] : [],
        );
    await fake.until(() => runEnds().length === 2);
    const second = runEnds()[1];
    expect(second?.stopReason).toBe("end_turn");
    expect(second?.sessionId).toBe("trip-1");
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
    const starts = fake.reports().filter((report) => report.kind === "run-start");
    expect(starts.map((report) => report.runId)).toEqual([first.runId, second?.runId]);
  });

  test("decisions for a run it does not hold are refused in the acknowledgement", async () => {
    const fake = await startFakeStudio();
    fakes.push(fake);
    const reporter = studio({ url: fake.url, flushIntervalMs: 1 });
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS), {
      tools: trip.tools,
      instrumentation: reporter,
    });
    await harness.agent.run("Book Oslo and Lima.", { sessionId: "trip-2" });
    await fake.until(() => fake.controlClients().length === 1);

    fake.sendControl({ kind: "decisions", runId: "no-such-run", requestId: "req-2", decisions: [] });
    await fake.until(() => fake.acks.length === 1);
    expect(fake.acks[0]).toMatchObject({ requestId: "req-2", ok: false });
    expect(trip.booked).toEqual([]);
  });

  test("a run without a session is not resumable and opens no control channel", async () => {
    const fake = await startFakeStudio();
    fakes.push(fake);
    const reporter = studio({ url: fake.url });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { instrumentation: reporter });
    await harness.agent.run("Hello.");
    await reporter.flush();

    expect(fake.reports()[0]).toMatchObject({ kind: "run-start", resumable: false });
    expect(fake.requests).not.toContain("/api/control");
  });
});
