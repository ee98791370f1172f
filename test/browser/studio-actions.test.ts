import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { startWeatherDesk } from "../studio/support/studio-jobs.js";
import { scriptOf, startScriptedAgent } from "../support/scripted-agent.js";
import { openRun, rowWithStatus, screenshots, useStudioPages } from "./support/studio-page.js";

const { openStudio, later } = useStudioPages();

describe("acting on runs from the studio's page", () => {
  test("Approve on a waiting call resumes the run in its process: the resumed run is linked, done, the tool ran once", {
    timeout: 30_000,
  }, async () => {
    const { page, reporter } = await openStudio();
    const booked: string[] = [];
    const bookTrip = defineTool({
      name: "book_trip",
      description: "Books a trip to a city.",
      input: z.object({ city: z.string(), nights: z.number() }),
      needsApproval: true,
      run: ({ city, nights }) => {
        booked.push(city);
        return { booked: city, nights, reference: "LODE-LIS-3N" };
      },
    });
    const harness = await startScriptedAgent(
      scriptOf(
        {
          content: [
            { text: "Booking needs your approval." },
            { toolUse: { name: "book_trip", input: { city: "Lisbon", nights: 3 }, id: "tu_lisbon" } },
          ],
        },
        { text: "Lisbon is booked for 3 nights (LODE-LIS-3N)." },
      ),
      { name: "booker", tools: [bookTrip], instrumentation: reporter },
    );
    later(() => harness.close());
    const first = await harness.agent.run("Book 3 nights in Lisbon.", { sessionId: "trip-7" });
    expect(first.stopReason).toBe("awaiting_approval");
    expect(booked).toEqual([]);

    await rowWithStatus(page, first.runId, "awaiting_approval");
    await openRun(page, first.runId);
    const card = page.locator('[data-testid="pending-approval"][data-tool-use-id="tu_lisbon"]');
    expect(JSON.parse((await card.getByTestId("approval-input").textContent()) ?? "")).toEqual({
      city: "Lisbon",
      nights: 3,
    });
    // Enabled once the studio knows the run's process listens on its control channel.
    const approve = card.locator('[data-testid="approve"]:enabled');
    await approve.waitFor();
    await screenshots(page, "approval", { scrollTo: page.getByTestId("approvals") });
    await approve.click();

    const link = page.getByTestId("run-facts").getByTestId("resumed-by-link");
    await link.waitFor();
    expect(await page.getByTestId("decision-status").textContent()).toMatch(
      /^Decided: the session resumed in run /,
    );
    expect(await card.getByTestId("approve").isDisabled()).toBe(true);
    const resumedId = (await link.textContent()) ?? "";
    await link.click();
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-testid="run-facts"] [data-testid="resumes-link"]')?.textContent === id,
      first.runId,
    );
    await page
      .locator('[data-testid="run-view"] [data-testid="status-badge"]', { hasText: "done" })
      .first()
      .waitFor();
    expect(await page.getByTestId("run-facts").getByTestId("run-session").textContent()).toBe("trip-7");
    expect(await page.getByTestId("run-text").textContent()).toContain("Lisbon is booked for 3 nights");
    expect(await page.locator('[data-testid="approval-decided-mark"]').count()).toBe(1);
    expect(page.url()).toContain(`#/runs/${resumedId}`);
    expect(booked).toEqual(["Lisbon"]);
    await rowWithStatus(page, resumedId, "done");
  });

  test("two runs compared: each step lists the differing path, the question's text", {
    timeout: 30_000,
  }, async () => {
    const { page, reporter } = await openStudio();
    const runIds: string[] = [];
    for (const question of ["Weather in Lisbon and Oslo?", "Will it snow in Oslo today?"]) {
      const desk = await startWeatherDesk(reporter);
      later(() => desk.close());
      runIds.push((await desk.agent.run(question)).runId);
    }
    const [a = "", b = ""] = runIds;
    await rowWithStatus(page, b, "done");
    await openRun(page, a);
    const select = page.getByTestId("compare-select");
    await select.locator(`option[value="${b}"]`).waitFor({ state: "attached" });
    await select.selectOption(b);
    await page.getByTestId("compare-go").click();
    const view = page.getByTestId("compare-view");
    await view.waitFor();

    const steps = view.getByTestId("compare-step");
    expect(await steps.evaluateAll((all) => all.map((step) => (step as HTMLElement).dataset.step))).toEqual([
      "1",
      "2",
    ]);
    for (const index of [0, 1]) {
      const paths = await steps
        .nth(index)
        .locator('[data-testid="diff-path"][data-part="request"]')
        .allTextContents();
      expect(paths).toContain("messages.0.content.0.text");
    }
    const row = view
      .getByTestId("diff-path")
      .filter({ hasText: /^messages\.0\.content\.0\.text$/ })
      .first();
    const sides = row.locator("xpath=..").locator("pre");
    expect(await sides.allTextContents()).toEqual([
      "Weather in Lisbon and Oslo?",
      "Will it snow in Oslo today?",
    ]);
    await screenshots(page, "compare", { scrollTo: view });
  });
});
