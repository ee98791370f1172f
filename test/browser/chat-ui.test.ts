import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Script } from "@lode/bedrock-local";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  type ChatServer,
  type RequestLogLine,
  startChatServer,
} from "../../examples/chat-ui/src/chat-server.js";
import { type HeadlessChromium, launchChromium } from "./support/launch-chromium.js";

const ARTIFACTS_DIR = fileURLToPath(new URL("../.artifacts/", import.meta.url));
const TURN = '[data-testid="assistant-turn"]';

const ANSWER =
  "Lisbon is sunny and 21 °C, so a light jacket will do. I could not find a station for Atlantis: " +
  "it may be under the sea. Ask me about Lisbon, Oslo, Paris or Tokyo instead.";

const guideCitation = {
  title: "Lode travel guide: Lisbon",
  source: "guide-lisbon.txt",
  sourceContent: [{ text: "Spring afternoons in Lisbon are mild; a light jacket is enough." }],
  location: { documentChar: { documentIndex: 0, start: 0, end: 62 } },
};

/** Step 1: reasoning, text and two parallel tool calls (one fails); step 2: a cited answer, streamed slowly. */
const toolsScript: Script = {
  models: {
    "*": {
      turns: [
        {
          // Slow enough for the arguments to be seen filling in.
          chunkSize: 3,
          delayMs: 60,
          content: [
            { reasoning: "Two cities, two independent lookups: ask for both at once." },
            { text: "Checking both cities." },
            { toolUse: { name: "get_weather", input: { city: "Lisbon" } } },
            { toolUse: { name: "get_weather", input: { city: "Atlantis" } } },
          ],
        },
        { chunkSize: 4, delayMs: 30, content: [{ text: ANSWER, citations: [guideCitation] }] },
      ],
    },
  },
};

/** Sequential turns: a short answer, an answer long and slow enough to stop, then the reply after the stop. */
const stopScript: Script = {
  models: {
    "*": {
      selection: "sequential",
      turns: [
        { text: "Hello! Ask me about the weather.", chunkSize: 4, delayMs: 10 },
        { text: "A very long story about the weather. ".repeat(60), chunkSize: 4, delayMs: 40 },
        {
          text: "Still here, and I remember our conversation.",
          chunkSize: 4,
          delayMs: 10,
          // The stopped exchange stays, its partial answer marked as interrupted: the first exchange, the
          // stopped question and what was streamed of its answer, then this question.
          expect: { lastUserText: "Are you still there?", messageCount: 5 },
        },
      ],
    },
  },
};

const guardrailScript: Script = {
  models: {
    "*": { turns: [{ text: "Sorry, the model cannot answer that.", stopReason: "guardrail_intervened" }] },
  },
};

const BOOKING_ANSWER = "Lisbon is booked for 3 nights (LODE-LIS-3N). As you asked, I did not book Oslo.";

/** Sequential turns: two bookings in one step, both waiting for approval; then the answer from their results. */
const bookingScript: Script = {
  models: {
    "*": {
      selection: "sequential",
      turns: [
        {
          chunkSize: 6,
          delayMs: 10,
          content: [
            { text: "I'll book both trips; each booking needs your approval first." },
            { toolUse: { name: "book_trip", input: { city: "Lisbon", nights: 3 }, id: "tu_lisbon" } },
            { toolUse: { name: "book_trip", input: { city: "Oslo", nights: 2 }, id: "tu_oslo" } },
          ],
        },
        {
          chunkSize: 6,
          delayMs: 10,
          content: [{ text: BOOKING_ANSWER }],
          // Answered only when the request carries the question, the two calls and a result for each:
          // otherwise bedrock-local refuses it and the run fails.
          expect: { toolResultsFor: ["tu_lisbon", "tu_oslo"], messageCount: 3 },
        },
      ],
    },
  },
};

let chromium: HeadlessChromium;
const servers: ChatServer[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  chromium = await launchChromium();
}, 30_000);

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close().catch(() => {})));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await chromium?.close();
}, 30_000);

async function openChat(
  options: Parameters<typeof startChatServer>[0],
): Promise<{ server: ChatServer; page: Page }> {
  const server = await startChatServer(options);
  servers.push(server);
  const page = await chromium.context.newPage();
  pages.push(page);
  page.setDefaultTimeout(15_000);
  await page.goto(server.url);
  return { server, page };
}

async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId("input").fill(question);
  await page.getByTestId("input").press("Enter");
}

/** Waits until the `index`-th assistant turn stops running; returns its status. */
async function settledStatus(page: Page, index: number): Promise<string> {
  const handle = await page.waitForFunction(
    ([selector, at]) => {
      const status = document.querySelectorAll(selector)[at]?.getAttribute("data-status");
      return status && status !== "running" ? status : false;
    },
    [TURN, index] as const,
    { timeout: 20_000, polling: 50 },
  );
  return String(await handle.jsonValue());
}

/** The notices and text of a turn, to explain a failed expectation. */
async function turnText(page: Page, index: number): Promise<string> {
  return (await page.locator(TURN).nth(index).textContent()) ?? "";
}

describe("the chat page", () => {
  test("streams the answer as it grows, with tool cards, citations and usage", {
    timeout: 30_000,
  }, async () => {
    const { page } = await openChat({ script: toolsScript });
    await ask(page, "What's the weather in Lisbon and Atlantis?");

    await expect.poll(() => page.getByTestId("user-message").textContent()).toContain("Lisbon and Atlantis");
    const turn = page.locator(TURN).first();
    const lisbon = turn.getByTestId("tool-card").filter({ hasText: '"city": "Lisbon"' });
    const atlantis = turn.getByTestId("tool-card").filter({ hasText: '"city": "Atlantis"' });
    // The first card's arguments fill in as the model writes them, before the tool runs.
    const firstArgs: string[] = [];
    const firstCard = turn.getByTestId("tool-card").first();
    // Poll often: a locator's own wait backs off to half a second, longer than the arguments take.
    await page.waitForFunction(
      (selector) => document.querySelector(selector) !== null,
      `${TURN} [data-testid="tool-card"]`,
      {
        polling: 10,
      },
    );
    while (firstArgs.length < 500) {
      const { args, status } = await firstCard.evaluate((card) => ({
        args: card.querySelector('[data-testid="tool-args"]')?.textContent ?? "",
        status: (card as HTMLElement).dataset.status,
      }));
      if (args !== firstArgs.at(-1)) firstArgs.push(args);
      if (status !== "preparing") break;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const lisbonArgs = '{\n  "city": "Lisbon"\n}';
    expect(firstArgs.at(-1)).toBe(lisbonArgs);
    expect(
      firstArgs.filter((args) => args !== "{}" && args !== lisbonArgs),
      `arguments seen: ${JSON.stringify(firstArgs)}`,
    ).not.toHaveLength(0);

    await lisbon.and(page.locator('[data-status="success"]')).waitFor();
    await atlantis.and(page.locator('[data-status="error"]')).waitFor();

    // Sample the final answer's length while it streams, as a person watching it would.
    const samples: number[] = [];
    const deadline = Date.now() + 20_000;
    let status = "running";
    while (status === "running" && Date.now() < deadline) {
      const sample = await page.evaluate((selector) => {
        const turnElement = document.querySelector(selector);
        const answer = turnElement?.querySelector('[data-testid="answer"][data-step="2"]');
        return { length: answer?.textContent?.length ?? 0, status: turnElement?.getAttribute("data-status") };
      }, TURN);
      samples.push(sample.length);
      status = sample.status ?? "missing";
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status, await turnText(page, 0)).toBe("completed");

    const finalText = await turn.locator('[data-testid="answer"][data-step="2"]').textContent();
    expect(finalText).toBe(`${ANSWER}[1]`);
    const distinct = samples.filter((length, index) => length > 0 && length !== samples[index - 1]);
    const beforeFinal = distinct.filter((length) => length < finalText!.length);
    expect(beforeFinal.length, `sampled lengths ${distinct.join(", ")}`).toBeGreaterThanOrEqual(3);
    for (let index = 1; index < distinct.length; index++) {
      expect(distinct[index], `sampled lengths ${distinct.join(", ")}`).toBeGreaterThan(distinct[index - 1]!);
    }

    // Tool cards: the arguments as the model wrote them, then each result with its styling.
    expect(await lisbon.getByTestId("tool-name").textContent()).toBe("get_weather");
    expect(await lisbon.getByTestId("tool-args").textContent()).toBe(lisbonArgs);
    expect(await lisbon.getByTestId("tool-result").textContent()).toContain('"tempC": 21');
    expect(await atlantis.getByTestId("tool-result").textContent()).toContain(
      "No weather station for Atlantis",
    );

    // Reasoning in a collapsed panel, the citation as a footnote, usage per step and for the run.
    const reasoning = turn.getByTestId("reasoning");
    expect(await reasoning.textContent()).toContain("Two cities, two independent lookups");
    expect(await reasoning.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(await turn.getByTestId("citation").textContent()).toContain("Lode travel guide: Lisbon");
    const steps = await turn.getByTestId("step-usage").allTextContents();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^Step 1tool use\d+ in\d+ out[\d.]+ m?s$/);
    expect(steps[1]).toMatch(/^Step 2end turn\d+ in\d+ out[\d.]+ m?s$/);
    expect(await turn.getByTestId("run-summary").textContent()).toMatch(
      /^2 steps · 2 tool calls · \d+ in \/ \d+ out tokens · [\d.]+ (ms|s) total$/,
    );
  });

  test("stops a run midway, the server aborts it, and the conversation carries on", {
    timeout: 30_000,
  }, async () => {
    const { server, page } = await openChat({ script: stopScript });
    await ask(page, "Hello?");
    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");

    await ask(page, "Tell me a long story.");
    const answer = page.locator(TURN).nth(1).getByTestId("answer");
    await page.waitForFunction(
      ([selector]) => (document.querySelectorAll(selector)[1]?.textContent?.length ?? 0) > 60,
      [TURN] as const,
      { polling: 25 },
    );
    await page.getByTestId("stop").click();

    expect(await settledStatus(page, 1)).toBe("aborted");
    await expect.poll(() => server.runs[1]?.status, { timeout: 10_000 }).toBe("aborted");
    expect(await page.getByTestId("turn-stopped").textContent()).toContain("Stopped");
    const stoppedLength = (await answer.textContent())?.length ?? 0;
    expect(stoppedLength).toBeGreaterThan(0);
    expect(stoppedLength).toBeLessThan("A very long story about the weather. ".repeat(60).length);
    expect(await page.getByTestId("send").isVisible()).toBe(true);

    await ask(page, "Are you still there?");
    expect(await settledStatus(page, 2), await turnText(page, 2)).toBe("completed");
    expect(await page.locator(TURN).nth(2).getByTestId("answer").textContent()).toBe(
      "Still here, and I remember our conversation.",
    );
    expect(server.runs.map((run) => run.status)).toEqual(["completed", "aborted", "completed"]);
    expect(new Set(server.runs.map((run) => run.sessionId)).size).toBe(1);
  });

  test("shows an image the model generated", { timeout: 30_000 }, async () => {
    // A 1×1 PNG.
    const png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    const { page } = await openChat({
      script: {
        models: {
          "*": { turns: [{ content: [{ text: "Here it is:" }, { image: { format: "png", bytes: png } }] }] },
        },
      },
    });
    await ask(page, "Draw a dot.");
    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
    const image = page.locator(TURN).first().getByTestId("generated-image").locator("img");
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
  });

  test("shows a guardrail's intervention as a notice", { timeout: 30_000 }, async () => {
    const { page } = await openChat({ script: guardrailScript });
    await ask(page, "Something the guardrail blocks");
    expect(await settledStatus(page, 0)).toBe("completed");
    expect(await page.getByTestId("guardrail-notice").textContent()).toContain("A guardrail intervened");
  });

  test("asks for approval on each booking, sends the decisions, and goes on in the same turn", {
    timeout: 30_000,
  }, async () => {
    const requests: RequestLogLine[] = [];
    const { server, page } = await openChat({
      script: bookingScript,
      onRequest: (line) => requests.push(line),
    });
    // A phone's width: the approval controls must fit a card there too.
    await page.setViewportSize({ width: 390, height: 1300 });
    await ask(page, "Book 3 nights in Lisbon and 2 in Oslo.");

    const turn = page.locator(TURN).first();
    const lisbon = turn.locator('[data-tool-use-id="tu_lisbon"]');
    const oslo = turn.locator('[data-tool-use-id="tu_oslo"]');
    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("awaiting-approval");
    expect(await turn.getByTestId("awaiting-approval").textContent()).toContain("Waiting for your decision");
    for (const card of [lisbon, oslo]) {
      expect(await card.getByTestId("tool-status").textContent()).toBe("waiting for approval");
      expect(await card.getByTestId("approve").isVisible()).toBe(true);
      expect(await card.getByTestId("deny").isVisible()).toBe(true);
    }
    await expect.poll(() => server.runs.map((run) => run.status)).toEqual(["awaiting-approval"]);
    // The composer stays usable: a new message instead of decisions is a valid answer.
    expect(await page.getByTestId("input").isEditable()).toBe(true);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS_DIR}chat-ui-approval-waiting.png` });

    await lisbon.getByTestId("approve").click();
    expect(await lisbon.getByTestId("approval-decision").textContent()).toBe("approved");
    await oslo.getByTestId("deny-reason").fill("Too cold in March.");
    // One decision of two: nothing goes until both are in.
    expect(server.runs).toHaveLength(1);
    await oslo.getByTestId("deny").click();

    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
    expect(await page.locator(TURN).count()).toBe(1);
    expect(await lisbon.getByTestId("tool-status").textContent()).toMatch(/^done · [\d.]+ m?s$/);
    expect(await lisbon.getByTestId("tool-result").textContent()).toContain('"reference": "LODE-LIS-3N"');
    expect(await oslo.getByTestId("approval-decision").textContent()).toBe("denied: Too cold in March.");
    expect(await oslo.getByTestId("tool-status").textContent()).toBe("denied");
    expect(await oslo.getByTestId("tool-result").textContent()).toContain("Too cold in March.");
    expect(await turn.getByTestId("answer").last().textContent()).toBe(BOOKING_ANSWER);
    expect(await turn.getByTestId("awaiting-approval").count()).toBe(0);
    expect(await turn.getByTestId("approve").count()).toBe(0);
    // The resumed run's step is numbered on from the paused run's.
    const steps = await turn.getByTestId("step-usage").allTextContents();
    expect(steps.map((step) => step.match(/^Step \d+(tool use|end turn)/)?.[0])).toEqual([
      "Step 1tool use",
      "Step 2end turn",
    ]);

    await expect.poll(() => server.runs.map((run) => run.status)).toEqual(["awaiting-approval", "completed"]);
    expect(server.runs[1]?.decisions).toEqual([
      { toolUseId: "tu_lisbon", approved: true },
      { toolUseId: "tu_oslo", approved: false, reason: "Too cold in March." },
    ]);
    expect(new Set(server.runs.map((run) => run.sessionId)).size).toBe(1);
    await expect
      .poll(() => requests.filter((line) => line.path === "/api/chat").map((line) => [line.status, line.run]))
      .toEqual([
        [200, "awaiting-approval"],
        [200, "completed"],
      ]);
    await page.screenshot({ path: `${ARTIFACTS_DIR}chat-ui-approval-decided.png` });
  });

  test("denies the waiting calls on their cards when a new message comes instead of decisions", {
    timeout: 30_000,
  }, async () => {
    const script: Script = {
      models: {
        "*": {
          selection: "sequential",
          turns: [
            bookingScript.models["*"]!.turns[0]!,
            { text: "Nothing booked, then.", expect: { toolResultsFor: ["tu_lisbon", "tu_oslo"] } },
          ],
        },
      },
    };
    const { server, page } = await openChat({ script });
    await ask(page, "Book 3 nights in Lisbon and 2 in Oslo.");
    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("awaiting-approval");
    await page.locator('[data-tool-use-id="tu_lisbon"]').getByTestId("approve").click();

    await ask(page, "Actually, forget both.");
    expect(await settledStatus(page, 1), await turnText(page, 1)).toBe("completed");
    const first = page.locator(TURN).first();
    expect(await first.getByTestId("approval-decision").allTextContents()).toEqual([
      "denied: you sent a new message instead",
      "denied: you sent a new message instead",
    ]);
    expect(await first.getByTestId("tool-result").allTextContents()).toHaveLength(2);
    expect(await first.getByTestId("approve").count()).toBe(0);
    // The new run's answers to the old calls land on their cards, not as new cards in the new turn.
    expect(await page.locator(TURN).nth(1).getByTestId("tool-card").count()).toBe(0);
    expect(await page.locator(TURN).nth(1).getByTestId("answer").textContent()).toBe("Nothing booked, then.");
    await expect.poll(() => server.runs.map((run) => run.status)).toEqual(["awaiting-approval", "completed"]);
  });

  test("runs the scripted demo end to end and saves a screenshot", { timeout: 30_000 }, async () => {
    const { page } = await openChat({ backend: "bedrock-local" });
    await page.setViewportSize({ width: 1100, height: 1900 });
    expect(await page.getByTestId("backend").textContent()).toContain("bedrock-local");
    await page.getByTestId("suggestion").first().click();
    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
    await ask(page, "Which one is better for a walking tour, in °F too?");
    expect(await settledStatus(page, 1), await turnText(page, 1)).toBe("completed");
    expect(await page.getByTestId("tool-card").count()).toBe(4);
    expect(await page.getByTestId("citation").count()).toBe(3);

    // Open one reasoning panel, so the picture shows it too, and look at the whole conversation.
    await page.getByTestId("reasoning").first().locator("summary").click();
    await page.getByTestId("scroller").evaluate((scroller) => scroller.scrollTo(0, 0));
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS_DIR}chat-ui.png` });
  });
});

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

describe("the chat page on a phone, 390 px wide", () => {
  let phone: HeadlessChromium;
  beforeAll(async () => {
    phone = await launchChromium({ width: 390, height: 844 });
  }, 30_000);
  afterAll(async () => {
    await phone?.close();
  }, 30_000);

  /** Opens the page with every response of 400 or more recorded in `failed`. */
  async function openOnPhone(script: Script) {
    const server = await startChatServer({ script });
    servers.push(server);
    const page = await phone.context.newPage();
    pages.push(page);
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
