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

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: "sunny" }),
});

describe("following a run's events (no seams: a durable run's stream)", () => {
  test("reports the run, its steps as model calls and its tool calls from the events, then the events", async () => {
    const fake = await startFakeStudio();
    fakes.push(fake);
    const reporter = studio({ url: fake.url });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_oslo" } }] },
        { text: "Sunny in Oslo." },
      ),
      { tools: [weather] },
    );
    const stream = harness.agent.stream("Weather in Oslo?");
    await reporter.follow(stream);
    const result = await stream.result;
    await reporter.flush();

    const reports = fake.reports();
    expect(kindsOf(reports).filter((kind) => !kind.startsWith("event:"))).toEqual([
      "run-start",
      "model-call-start",
      "model-call-end",
      "tool-start",
      "tool-end",
      "model-call-start",
      "model-call-end",
    ]);
    expect(reports[0]).toMatchObject({ kind: "run-start", runId: result.runId, resumable: false });
    const calls = reports.filter(
      (report): report is ReportOf<"model-call-start"> => report.kind === "model-call-start",
    );
    expect(calls[1]?.request.messages).toEqual(result.messages.slice(0, 3));
    const ends = reports.filter(
      (report): report is ReportOf<"model-call-end"> => report.kind === "model-call-end",
    );
    expect(ends.map((end) => end.outcome.status === "answered" && end.outcome.message)).toEqual(
      result.steps.map((step) => step.message),
    );
    expect(kindsOf(reports).at(-1)).toBe("event:run-end");
  });
});
