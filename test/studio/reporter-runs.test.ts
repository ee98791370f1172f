import type { AgentEvent } from "@lode/core";
import type { ReportOf } from "@lode/studio";
import { studio } from "@lode/studio";
import { defineTool } from "@lode/tools";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { type FakeStudio, kindsOf, startFakeStudio } from "./reporter-fake-studio.js";

const startAgent = scriptedAgentPerTest();
const fakes: FakeStudio[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function fakeStudio(): Promise<FakeStudio> {
  const fake = await startFakeStudio();
  fakes.push(fake);
  return fake;
}

function weatherTool() {
  return defineTool({
    name: "get_weather",
    description: "The weather in a city.",
    input: z.object({ city: z.string() }),
    run: ({ city }) => ({ city, sky: "sunny" }),
  });
}

const ASK_WEATHER = {
  content: [
    { text: "Checking the weather." },
    { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_oslo" } },
  ],
};

describe("an agent reporting to the studio", () => {
  test("reports the run, each model call with its exact request and usage, each tool call, then its events, in order", async () => {
    const fake = await fakeStudio();
    const reporter = studio({ url: fake.url, clientName: "test" });
    const harness = await startAgent(scriptOf(ASK_WEATHER, { text: "Sunny in Oslo." }), {
      name: "forecaster",
      tools: [weatherTool()],
      instrumentation: reporter,
    });
    const result = await harness.agent.run("Weather in Oslo?");
    await reporter.flush();

    const reports = fake.reports();
    const seams = kindsOf(reports).filter((kind) => !kind.startsWith("event:"));
    expect(seams).toEqual([
      "run-start",
      "model-call-start",
      "first-chunk",
      "model-call-end",
      "tool-start",
      "tool-end",
      "model-call-start",
      "first-chunk",
      "model-call-end",
    ]);
    const events = kindsOf(reports).filter((kind) => kind.startsWith("event:"));
    expect(events[0]).toBe("event:run-start");
    expect(events.at(-1)).toBe("event:run-end");
    // The seams come as they happen, among the events: the first model call before the first step ends.
    expect(kindsOf(reports).indexOf("model-call-end")).toBeLessThan(
      kindsOf(reports).indexOf("event:step-end"),
    );

    const start = reports[0] as ReportOf<"run-start">;
    expect(start).toMatchObject({ runId: result.runId, agentName: "forecaster", resumable: false });
    const [firstCall] = reports.filter(
      (report): report is ReportOf<"model-call-start"> => report.kind === "model-call-start",
    );
    expect(firstCall?.request.messages).toEqual([{ role: "user", content: [{ text: "Weather in Oslo?" }] }]);
    expect(firstCall?.request.toolConfig?.tools?.[0]?.toolSpec?.name).toBe("get_weather");
    const ends = reports.filter(
      (report): report is ReportOf<"model-call-end"> => report.kind === "model-call-end",
    );
    const usage = ends.map((end) => (end.outcome.status === "answered" ? end.outcome.usage : undefined));
    expect(usage).toEqual(result.steps.map((step) => step.usage));
    const toolEnd = reports.find((report): report is ReportOf<"tool-end"> => report.kind === "tool-end");
    expect(toolEnd?.outcome).toMatchObject({ status: "success" });
    expect(
      fake.batches.every(
        (batch) => batch.clientName === "test" && batch.clientId === fake.batches[0]?.clientId,
      ),
    ).toBe(true);
  });

  test("reports two parallel tool calls, each started and ended", async () => {
    const fake = await fakeStudio();
    const reporter = studio({ url: fake.url });
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_oslo" } },
            { toolUse: { name: "get_weather", input: { city: "Lima" }, id: "tu_lima" } },
          ],
        },
        { text: "Sunny in both." },
      ),
      { tools: [weatherTool()], instrumentation: reporter },
    );
    await harness.agent.run("Weather in Oslo and Lima?");
    await reporter.flush();

    const reports = fake.reports();
    const started = reports.filter(
      (report): report is ReportOf<"tool-start"> => report.kind === "tool-start",
    );
    const ended = reports.filter((report): report is ReportOf<"tool-end"> => report.kind === "tool-end");
    expect(started.map((report) => [report.toolUseId, report.input]).sort()).toEqual([
      ["tu_lima", { city: "Lima" }],
      ["tu_oslo", { city: "Oslo" }],
    ]);
    expect(ended.map((report) => report.toolUseId).sort()).toEqual(["tu_lima", "tu_oslo"]);
  });

  test("reports a model call's retry, then its answer", async () => {
    const fake = await fakeStudio();
    const reporter = studio({ url: fake.url });
    const harness = await startAgent(scriptOf({ text: "Hello." }), {
      faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      instrumentation: reporter,
    });
    await harness.agent.run("Hi.");
    await reporter.flush();

    const seams = kindsOf(fake.reports()).filter((kind) => !kind.startsWith("event:"));
    expect(seams).toEqual(["run-start", "model-call-start", "model-retry", "first-chunk", "model-call-end"]);
    const retry = fake.reports().find((report) => report.kind === "model-retry");
    expect(retry).toMatchObject({ step: 1, attempt: 1, code: "throttled" });
  });

  test("joins a block's text deltas within a batch", async () => {
    const fake = await fakeStudio();
    // Sent only by flush(): the whole run is one batch.
    const reporter = studio({ url: fake.url, flushIntervalMs: 60_000 });
    const harness = await startAgent(
      scriptOf({ text: "A fairly long answer that streams in several pieces." }),
      {
        instrumentation: reporter,
      },
    );
    const result = await harness.agent.run("Hi.");
    await reporter.flush();

    const deltas = fake
      .reports()
      .flatMap((report) =>
        report.kind === "event" && report.event.type === "text-delta" ? [report.event.text] : [],
      );
    expect(deltas).toEqual([result.text]);
  });

  test("with content capture off, reports structure, usage and timings but no text, input or output", async () => {
    const fake = await fakeStudio();
    const reporter = studio({ url: fake.url, captureContent: false });
    const harness = await startAgent(scriptOf(ASK_WEATHER, { text: "Sunny in Oslo." }), {
      system: "You are a SECRET-SYSTEM forecaster.",
      tools: [weatherTool()],
      instrumentation: reporter,
    });
    const result = await harness.agent.run("Weather in SECRET-CITY?");
    await reporter.flush();

    const sent = JSON.stringify(fake.batches);
    for (const secret of ["SECRET-SYSTEM", "SECRET-CITY", "Oslo", "sunny", "Checking the weather"])
      expect(sent).not.toContain(secret);
    const kinds = kindsOf(fake.reports());
    expect(kinds.filter((kind) => kind === "tool-start")).toHaveLength(1);
    const ends = fake
      .reports()
      .filter((report): report is ReportOf<"model-call-end"> => report.kind === "model-call-end");
    expect(ends.map((end) => end.outcome.status === "answered" && end.outcome.usage)).toEqual(
      result.steps.map((step) => step.usage),
    );
    const start = fake
      .reports()
      .find((report): report is ReportOf<"model-call-start"> => report.kind === "model-call-start");
    expect(start?.request.messages).toBeUndefined();
    expect(start?.request.toolConfig?.tools?.[0]?.toolSpec?.name).toBe("get_weather");
  });

  test("LODE_STUDIO_CONTENT=off turns content capture off", async () => {
    const fake = await fakeStudio();
    process.env.LODE_STUDIO_CONTENT = "off";
    let reporter: ReturnType<typeof studio>;
    try {
      reporter = studio({ url: fake.url });
    } finally {
      delete process.env.LODE_STUDIO_CONTENT;
    }
    const harness = await startAgent(scriptOf({ text: "SECRET-ANSWER" }), { instrumentation: reporter });
    await harness.agent.run("SECRET-QUESTION");
    await reporter.flush();

    expect(fake.reports().length).toBeGreaterThan(0);
    expect(JSON.stringify(fake.batches)).not.toMatch(/SECRET-/);
  });

  test("takes its URL from LODE_STUDIO_URL; without one it reports nothing", async () => {
    const fake = await fakeStudio();
    const saved = process.env.LODE_STUDIO_URL;
    delete process.env.LODE_STUDIO_URL;
    const silent = studio();
    process.env.LODE_STUDIO_URL = fake.url;
    const fromEnv = studio();
    if (saved === undefined) delete process.env.LODE_STUDIO_URL;
    else process.env.LODE_STUDIO_URL = saved;

    const harness = await startAgent(scriptOf({ text: "One." }, { text: "Two." }), {
      instrumentation: silent,
    });
    const result = await harness.agent.run("Hi.");
    await silent.flush();
    expect(result.text).toBe("One.");
    expect(fake.requests).toEqual([]);

    await harness.createAgent({ instrumentation: fromEnv }).run("Again.");
    await fromEnv.flush();
    expect(kindsOf(fake.reports())[0]).toBe("run-start");
  });

  test("with a URL that is wrong, the run goes on and says why in a warning", async () => {
    const harness = await startAgent(scriptOf({ text: "One." }), {
      instrumentation: studio({ url: "127.0.0.1:4983/?token=t" }),
    });
    const events: AgentEvent[] = [];
    for await (const event of harness.agent.stream("Hi.")) events.push(event);
    expect(events.map((event) => event.type).slice(0, 2)).toEqual(["run-start", "warning"]);
    expect(events[1]).toMatchObject({ source: "@lode/studio", message: expect.stringContaining("not") });
    expect(events.at(-1)).toMatchObject({ type: "run-end", result: { text: "One." } });
  });
});
