import { describe, expect, test } from "vitest";
import { DESK_SYSTEM, startWeatherDesk } from "../studio/support/studio-jobs.js";
import { openRun, openStep, rowWithStatus, screenshots, useStudioPages } from "./support/studio-page.js";

const { openStudio, later } = useStudioPages();

const tokens = (count: number | undefined) => (count ?? 0).toLocaleString("en-US");

describe("a run's page", () => {
  test("the timeline: two parallel tool calls whose bars overlap, a throttled retry on step 1", {
    timeout: 30_000,
  }, async () => {
    const { page, reporter } = await openStudio();
    const desk = await startWeatherDesk(reporter);
    later(() => desk.close());
    const result = await desk.agent.run("Weather in Lisbon and Oslo?");
    await rowWithStatus(page, result.runId, "done");
    await openRun(page, result.runId);

    expect(await page.locator('[data-testid="step-bar"]').count()).toBe(2);
    const bars = page.locator('[data-testid="tool-bar"]');
    await bars.nth(1).waitFor();
    expect(await bars.evaluateAll((all) => all.map((bar) => (bar as HTMLElement).dataset.toolUseId))).toEqual(
      ["tu_lisbon", "tu_oslo"],
    );
    expect(await bars.evaluateAll((all) => all.map((bar) => (bar as HTMLElement).dataset.status))).toEqual([
      "success",
      "success",
    ]);
    // The calls met at a barrier: on screen, each bar starts before the other ends.
    const [lisbon, oslo] = await Promise.all([bars.nth(0).boundingBox(), bars.nth(1).boundingBox()]);
    if (!lisbon || !oslo) throw new Error("a tool bar is not drawn");
    expect(lisbon.x).toBeLessThanOrEqual(oslo.x + oslo.width);
    expect(oslo.x).toBeLessThanOrEqual(lisbon.x + lisbon.width);
    // And the run's own times say so too.
    const record = await page.evaluate(
      async ([id, token]) => (await fetch(`/api/runs/${id}?token=${token}`)).json(),
      [result.runId, new URL(page.url()).searchParams.get("token") ?? ""] as const,
    );
    const [a, b] = record.calls as { startedAt: number; endedAt: number }[];
    expect(a && b && a.startedAt <= b.endedAt && b.startedAt <= a.endedAt).toBe(true);

    const retries = page.locator('[data-testid="step-bar"][data-step="1"] [data-testid="retry-mark"]');
    expect(await retries.count()).toBe(1);
    expect(await retries.first().getAttribute("data-code")).toBe("throttled");
    expect(
      await page.locator('[data-testid="step-bar"][data-step="2"] [data-testid="retry-mark"]').count(),
    ).toBe(0);

    const detail = await openStep(page, 1);
    expect(await detail.getByTestId("step-retries").textContent()).toMatch(/^throttled \(attempt 1/);
    await screenshots(page, "timeline", { scrollTo: page.getByTestId("run-actions") });
    // The system's dark preference applies at once (no reload): the theme follows it.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    await screenshots(page, "timeline-dark", { scrollTo: page.getByTestId("run-actions") });
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("a step's request (system, messages, toolConfig, cache points) and usage with cache figures and cost", {
    timeout: 30_000,
  }, async () => {
    const { page, reporter } = await openStudio();
    const desk = await startWeatherDesk(reporter);
    later(() => desk.close());
    const result = await desk.agent.run("Weather in Lisbon and Oslo?");
    const [first, second] = result.steps;
    if (!first || !second) throw new Error("the job takes two steps");
    // bedrock-local's prompt cache: step 1 writes the prefix up to the cache points, step 2 reads it.
    expect(first.usage.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(second.usage.cacheReadInputTokens).toBeGreaterThan(0);
    await rowWithStatus(page, result.runId, "done");
    await openRun(page, result.runId);

    const one = await openStep(page, 1);
    const request = one.getByTestId("step-request");
    expect(await request.getByTestId("request-system").textContent()).toContain(DESK_SYSTEM.slice(0, 60));
    const messages = await request.getByTestId("request-messages").getByTestId("json").textContent();
    expect(JSON.parse(messages ?? "")).toEqual([
      { role: "user", content: [{ text: "Weather in Lisbon and Oslo?" }] },
    ]);
    const toolConfig = JSON.parse(
      (await request.getByTestId("request-tool-config").getByTestId("json").textContent()) ?? "",
    );
    expect(toolConfig.tools[0].toolSpec.name).toBe("weather");
    expect(toolConfig.tools.at(-1)).toHaveProperty("cachePoint");
    expect(await request.getByTestId("cache-point-count").textContent()).toBe("2 cache points");
    expect(await request.getByTestId("cache-points").locator("code").allTextContents()).toEqual([
      "system[1]",
      "toolConfig.tools[1]",
    ]);
    const usage = one.getByTestId("step-usage");
    expect(await usage.getByTestId("usage-input").textContent()).toBe(tokens(first.usage.inputTokens));
    expect(await usage.getByTestId("usage-output").textContent()).toBe(tokens(first.usage.outputTokens));
    expect(await usage.getByTestId("usage-cache-write").textContent()).toBe(
      tokens(first.usage.cacheWriteInputTokens),
    );
    expect(await usage.getByTestId("usage-cache-read").textContent()).toBe(
      tokens(first.usage.cacheReadInputTokens),
    );
    expect(await usage.getByTestId("step-cost").textContent()).toMatch(
      new RegExp(`^\\$${(first.cost?.total ?? Number.NaN).toFixed(5)} \\(`),
    );

    const two = await openStep(page, 2);
    const usage2 = two.getByTestId("step-usage");
    expect(await usage2.getByTestId("usage-cache-read").textContent()).toBe(
      tokens(second.usage.cacheReadInputTokens),
    );
    expect(await usage2.getByTestId("usage-cache-write").textContent()).toBe(
      tokens(second.usage.cacheWriteInputTokens),
    );
    const messages2 = JSON.parse(
      (await two.getByTestId("request-messages").getByTestId("json").textContent()) ?? "",
    );
    expect(messages2).toHaveLength(3);
    expect(await page.getByTestId("run-facts").getByTestId("run-cost").textContent()).toBe(
      `$${result.cost?.total.toFixed(5)}`,
    );
  });
});
