import type { RunRecord } from "@lode/studio";
import { type Studio, startStudio } from "@lode/studio";
import { afterEach, describe, expect, test } from "vitest";
import { compareRuns } from "../../packages/studio/src/actions/compare-runs.js";
import { rerun } from "../../packages/studio/src/actions/rerun.js";
import { weatherRun } from "./fixtures/weather-run.js";

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});

/** The run's record once the studio has it ended (the reporter sends in batches, a few ms apart). */
async function endedRun(server: Studio, id: string): Promise<RunRecord> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const record = server.store.get(id);
    if (record && record.status !== "running") return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the studio never saw run ${id} end`);
}

describe("re-running a run", () => {
  test("runs it again against bedrock-local: a new run, marked as a re-run, with the same requests", async () => {
    const { record } = await weatherRun();
    studio = await startStudio({ port: 0 });
    const { runId } = await rerun(record, { studioUrl: studio.url });
    expect(runId).not.toBe(record.id);
    const again = await endedRun(studio, runId);
    expect(again.rerunOf).toBe(record.id);
    expect(again.status).toBe("done");
    expect(again.text).toBe("It is sunny in Lisbon, 24 °C.");
    const comparison = compareRuns(record, again);
    expect(comparison.steps.map((step) => step.step)).toEqual([1, 2]);
    expect(comparison.steps.flatMap((step) => step.request)).toEqual([]);
    expect(comparison.steps.flatMap((step) => step.answer)).toEqual([]);
  });

  test("refuses a run whose requests were not captured", async () => {
    const { record } = await weatherRun();
    const withoutRequests = { ...record, steps: record.steps.map(({ request: _request, ...step }) => step) };
    await expect(rerun(withoutRequests, { studioUrl: "http://127.0.0.1:9/?token=t" })).rejects.toThrow(
      /content capture was off/,
    );
  });
});

describe("comparing two runs", () => {
  test("finds the changed message text, and nothing else, in each step's request", async () => {
    const { record: a } = await weatherRun("What's the weather in Lisbon?");
    const { record: b } = await weatherRun("What's the weather in Lisbon today?");
    const comparison = compareRuns(a, b);
    for (const step of comparison.steps)
      expect(step.request).toEqual([
        {
          path: "messages.0.content.0.text",
          a: "What's the weather in Lisbon?",
          b: "What's the weather in Lisbon today?",
        },
      ]);
    expect(comparison.steps[0]?.answer.map((difference) => difference.path)).toEqual([
      // The scripted model's token counts follow the text.
      "usage.inputTokens",
      "usage.totalTokens",
    ]);
  });

  test("a step only one run has is one difference at its root", async () => {
    const { record } = await weatherRun();
    const shorter = { ...record, steps: record.steps.slice(0, 1) };
    const comparison = compareRuns(record, shorter);
    expect(comparison.steps).toHaveLength(2);
    expect(comparison.steps[0]?.request).toEqual([]);
    expect(comparison.steps[1]?.request).toEqual([{ path: "", a: record.steps[1]?.request, b: undefined }]);
    expect(comparison.steps[1]?.answer).toHaveLength(1);
  });
});
