import type { Script } from "@lode/bedrock-local";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { startWeatherDesk } from "../studio/support/studio-jobs.js";
import { deferred, startScriptedAgent } from "../support/scripted-agent.js";
import { rowWithStatus, runRow, screenshots, useStudioPages } from "./support/studio-page.js";

const { openStudio, later } = useStudioPages();

/**
 * Streams slowly (a few characters every 20 ms), then calls `hold`, which waits for the test: the run is
 * still going, by construction, when the test looks for it on the page.
 */
const slowScript: Script = {
  models: {
    "*": {
      selection: "sequential",
      turns: [
        {
          chunkSize: 4,
          delayMs: 20,
          content: [
            { text: "Reading the whole ledger before I answer, line by line." },
            { toolUse: { name: "hold", input: {}, id: "tu_hold" } },
          ],
        },
        { chunkSize: 4, delayMs: 20, text: "The ledger balances: 42 entries, no gaps." },
      ],
    },
  },
};

describe("the studio's runs list", () => {
  test("a run appears while its agent streams, running, then turns done", { timeout: 30_000 }, async () => {
    const { page, reporter } = await openStudio();
    const release = deferred();
    const hold = defineTool({
      name: "hold",
      description: "Waits until the test lets the run go on.",
      input: z.object({}),
      run: async () => {
        await release.promise;
        return "go on";
      },
    });
    const harness = await startScriptedAgent(slowScript, {
      name: "ledger",
      tools: [hold],
      instrumentation: reporter,
    });
    later(() => harness.close());
    // The page is open before the run starts: the row can only come from the live updates.
    expect(await page.getByTestId("run-row").count()).toBe(0);
    const running = harness.agent.run("Does the ledger balance?");
    const row = page.locator('[data-testid="run-row"][data-status="running"]');
    await row.waitFor();
    expect(await row.getByTestId("run-name").textContent()).toBe("ledger");
    expect(await row.getByTestId("status-badge").textContent()).toMatch(/running/);
    expect(await row.textContent()).toContain("Does the ledger balance?");

    release.resolve();
    const result = await running;
    const done = await rowWithStatus(page, result.runId, "done");
    expect(await done.getByTestId("status-badge").textContent()).toMatch(/done/);
    expect(await page.getByTestId("run-row").count()).toBe(1);
    expect(await page.getByTestId("run-count").textContent()).toBe("1 run kept");
  });

  test("the keyboard: Tab to a run's row, Enter opens it, Escape closes the step, then the run", {
    timeout: 30_000,
  }, async () => {
    const { page, reporter } = await openStudio();
    const desk = await startWeatherDesk(reporter);
    later(() => desk.close());
    const { runId } = await desk.agent.run("Weather in Lisbon and Oslo?");
    await rowWithStatus(page, runId, "done");

    // Tab through the page until the row has the focus (the skip link, the controls, then the rows).
    let tabs = 0;
    while (!(await runRow(page, runId).evaluate((row) => row === document.activeElement))) {
      expect(tabs++).toBeLessThan(20);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByTestId("run-title").waitFor();
    expect(await page.getByTestId("run-title").textContent()).toBe("desk");

    // Tab on to the first step's bar; Enter opens the step.
    tabs = 0;
    const firstStep = page.locator('[data-testid="step-bar"][data-step="1"]');
    while (!(await firstStep.evaluate((bar) => bar === document.activeElement))) {
      expect(tabs++).toBeLessThan(60);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="step-detail"][data-step="1"]').waitFor();
    expect(page.url()).toMatch(/#\/runs\/[^/]+\/step\/1$/);

    await page.keyboard.press("Escape");
    await page.getByTestId("step-detail").waitFor({ state: "detached" });
    expect(await page.getByTestId("run-title").isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await page.getByTestId("run-view").waitFor({ state: "hidden" });
    // Back in the list, the focus is on the run's row again.
    await page.waitForFunction((id) => document.activeElement?.getAttribute("data-run-id") === id, runId);
  });

  test("screenshots: the list with several runs, light and dark", { timeout: 60_000 }, async () => {
    const { page, reporter } = await openStudio();
    const questions = ["Weather in Lisbon and Oslo?", "Should I pack an umbrella?", "Is it warm in Lisbon?"];
    const runIds: string[] = [];
    for (const question of questions) {
      const desk = await startWeatherDesk(reporter);
      later(() => desk.close());
      runIds.push((await desk.agent.run(question, { sessionId: `trip-${runIds.length + 1}` })).runId);
    }
    for (const id of runIds) await rowWithStatus(page, id, "done");
    expect(await page.getByTestId("run-count").textContent()).toBe("3 runs kept");
    await screenshots(page, "runs");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await rowWithStatus(page, runIds[0] ?? "", "done");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await screenshots(page, "runs-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });
});
