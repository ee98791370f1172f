import { afterEach, describe, expect, test } from "vitest";
import { studio as studioReporter } from "../../packages/studio/src/reporter/studio.js";
import { type Studio, startStudio } from "../../packages/studio/src/server/start-studio.js";
import { startWeatherDesk } from "./support/studio-jobs.js";

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
});
