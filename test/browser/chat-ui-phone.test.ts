import { mkdir } from "node:fs/promises";
import type { Script } from "@lode/bedrock-local";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { startChatServer } from "../../examples/chat-ui/src/chat-server.js";
import { ARTIFACTS_DIR, ask, settledStatus, TURN, turnText, useChatPages } from "./support/chat-page.js";

const PHONE_ANSWER = "Lisbon is sunny at 21 °C with a light breeze off the river, good for a walk. ".repeat(
  32,
);

/** A tool call, then an answer long and slow enough to watch it grow past the bottom of a phone's screen. */
const phoneScript: Script = {
  models: {
    "*": {
      turns: [
        {
          chunkSize: 6,
          delayMs: 10,
          content: [
            { text: "Checking Lisbon." },
            { toolUse: { name: "get_weather", input: { city: "Lisbon" }, id: "tu_lisbon" } },
          ],
        },
        { chunkSize: 10, delayMs: 12, content: [{ text: PHONE_ANSWER }] },
      ],
    },
  },
};

/** How far the scroller's view is from the bottom of the conversation, in CSS pixels. */
function distanceFromBottom(page: Page): Promise<number> {
  return page.getByTestId("scroller").evaluate((scroller) => {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
  });
}

const phone = useChatPages({ width: 390, height: 844 });

describe("the chat page on a phone, 390 px wide", () => {
  /** Opens the page with every response of 400 or more recorded in `failed`. */
  async function openOnPhone(script: Script) {
    const server = await startChatServer({ script });
    const page = await phone.chromium.context.newPage();
    phone.track(server, page);
    page.setDefaultTimeout(15_000);
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId("backend").textContent()).not.toBe("");
    return { server, page, failed };
  }

  test("fits the screen, shows the tool result as a list and follows the answer as it grows", {
    timeout: 30_000,
  }, async () => {
    const { server, page, failed } = await openOnPhone(phoneScript);

    // The badge whole, beside nothing it overlaps: not cut at the edge, not ellipsized.
    const badge = await page.getByTestId("backend").evaluate((element) => {
      const box = element.getBoundingClientRect();
      const button = document.querySelector('[data-testid="new-chat"]')?.getBoundingClientRect();
      const overlaps =
        button !== undefined &&
        box.left < button.right &&
        button.left < box.right &&
        box.top < button.bottom &&
        button.top < box.bottom;
      return {
        left: box.left,
        right: box.right,
        clipped: element.scrollWidth > element.clientWidth,
        overlaps,
        text: element.textContent,
      };
    });
    expect(badge).toMatchObject({ clipped: false, overlaps: false, text: "bedrock-local · scripted demo" });
    expect(badge.left).toBeGreaterThanOrEqual(0);
    expect(badge.right).toBeLessThanOrEqual(390);

    await ask(page, "What's the weather in Lisbon?");
    const turn = page.locator(TURN).first();
    const answer = turn.locator('[data-testid="answer"][data-step="2"]');
    await answer.waitFor();
    // While the answer grows past the screen's bottom, its end stays in view.
    const distances: number[] = [];
    const heights: number[] = [];
    while ((await turn.getAttribute("data-status")) === "running") {
      distances.push(await distanceFromBottom(page));
      heights.push(await page.getByTestId("scroller").evaluate((scroller) => scroller.scrollHeight));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(await turn.getAttribute("data-status"), await turnText(page, 0)).toBe("completed");
    expect(heights.at(-1)! - heights[0]!, "the answer grew by more than a screen").toBeGreaterThan(844);
    expect(Math.max(...distances), `distances from the bottom: ${distances.join(", ")}`).toBeLessThan(48);
    expect(await answer.textContent()).toBe(PHONE_ANSWER);
    // At the end: the end of the answer and the run's summary on screen.
    expect(await distanceFromBottom(page)).toBeLessThan(2);
    const onScreen = await page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="scroller"]')!.getBoundingClientRect();
      const answerBox = document
        .querySelector('[data-testid="answer"][data-step="2"]')!
        .getBoundingClientRect();
      const summary = document.querySelector('[data-testid="run-summary"]')!.getBoundingClientRect();
      return (
        answerBox.bottom <= scroller.bottom &&
        summary.top >= scroller.top &&
        summary.bottom <= scroller.bottom
      );
    });
    expect(onScreen).toBe(true);

    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      scroller: document.querySelector('[data-testid="scroller"]')!.scrollWidth,
      wider: [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.className || element.tagName),
    }));
    expect(overflow).toEqual({ page: 390, scroller: 390, wider: [] });

    // The tool's JSON result as a list of its fields, the raw JSON folded away beneath it.
    const card = turn.locator('[data-tool-use-id="tu_lisbon"]');
    const fields = card.getByTestId("tool-fields");
    expect(await fields.isVisible()).toBe(true);
    expect(await fields.locator("dt").allTextContents()).toEqual(["city", "tempC", "sky", "windKph"]);
    expect(await fields.locator("dd").allTextContents()).toEqual(["Lisbon", "21", "sunny", "14"]);
    const raw = card.getByTestId("tool-raw");
    expect(await raw.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    await raw.locator("summary").click();
    expect(await raw.locator("pre").textContent()).toBe(
      JSON.stringify({ city: "Lisbon", tempC: 21, sky: "sunny", windKph: 14 }, null, 2),
    );

    // No 404 on the page, the icon a browser asks for unprompted included.
    expect(failed).toEqual([]);
    const icon = await fetch(`${server.url}/favicon.ico`);
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/svg+xml; charset=utf-8"]);

    await card.scrollIntoViewIfNeeded();
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS_DIR}chat-ui-phone.png` });
  });

  test("stays where the person scrolled up to while the answer grows", { timeout: 30_000 }, async () => {
    const { page } = await openOnPhone(phoneScript);
    await ask(page, "What's the weather in Lisbon?");
    // Wait until the answer is taller than the screen, then read back up, as a person does.
    await expect
      .poll(() => page.getByTestId("scroller").evaluate((scroller) => scroller.scrollHeight), {
        interval: 20,
        timeout: 10_000,
      })
      .toBeGreaterThan(1400);
    await page.mouse.move(195, 400);
    await page.mouse.wheel(0, -600);
    await expect.poll(() => distanceFromBottom(page), { interval: 20, timeout: 5_000 }).toBeGreaterThan(300);
    const readingAt = await page.getByTestId("scroller").evaluate((scroller) => scroller.scrollTop);

    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
    expect(await page.getByTestId("scroller").evaluate((scroller) => scroller.scrollTop)).toBe(readingAt);
    expect(await distanceFromBottom(page)).toBeGreaterThan(300);
  });
});
