import { mkdir } from "node:fs/promises";
import type { Script } from "@lode/bedrock-local";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { ARTIFACTS_DIR, ask, settledStatus, TURN, turnText, useChatPages } from "./support/chat-page.js";

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

const { openChat } = useChatPages();

interface Growth {
  /** The first tool card's arguments each time they or the card's status changed. */
  args: { args: string; status: string | undefined }[];
  /** The step-2 answer's length each time it changed while the turn was running. */
  answerLengths: number[];
}

/** Starts recording, in the page, how the first turn's first tool card and its step-2 answer change. */
async function recordGrowth(page: Page): Promise<void> {
  await page.evaluate((selector) => {
    const growth: Growth = { args: [], answerLengths: [] };
    Object.assign(window, { lodeGrowth: growth });
    const record = () => {
      const turn = document.querySelector(selector);
      const card = turn?.querySelector<HTMLElement>('[data-testid="tool-card"]');
      if (card) {
        const args = card.querySelector('[data-testid="tool-args"]')?.textContent ?? "";
        const last = growth.args.at(-1);
        if (args !== last?.args || card.dataset.status !== last?.status)
          growth.args.push({ args, status: card.dataset.status });
      }
      const length = turn?.querySelector('[data-testid="answer"][data-step="2"]')?.textContent?.length ?? 0;
      if (
        turn?.getAttribute("data-status") === "running" &&
        length > 0 &&
        length !== growth.answerLengths.at(-1)
      )
        growth.answerLengths.push(length);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  }, TURN);
}

async function recordedGrowth(page: Page): Promise<Growth> {
  return page.evaluate(() => (window as unknown as { lodeGrowth: Growth }).lodeGrowth);
}

describe("the chat page", () => {
  test("streams the answer as it grows, with tool cards, citations and usage", {
    timeout: 30_000,
  }, async () => {
    const { page } = await openChat({ script: toolsScript });
    // The page records what it shows as it changes: sampling it from here would miss steps on a busy machine.
    await recordGrowth(page);
    await ask(page, "What's the weather in Lisbon and Atlantis?");

    await expect.poll(() => page.getByTestId("user-message").textContent()).toContain("Lisbon and Atlantis");
    const turn = page.locator(TURN).first();
    const lisbon = turn.getByTestId("tool-card").filter({ hasText: '"city": "Lisbon"' });
    const atlantis = turn.getByTestId("tool-card").filter({ hasText: '"city": "Atlantis"' });
    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
    const growth = await recordedGrowth(page);

    // The first card's arguments fill in as the model writes them, before the tool runs.
    const lisbonArgs = '{\n  "city": "Lisbon"\n}';
    const seenArgs = `arguments seen: ${JSON.stringify(growth.args)}`;
    const preparing = growth.args.filter((seen) => seen.status === "preparing").map((seen) => seen.args);
    expect(growth.args.find((seen) => seen.status !== "preparing")?.args, seenArgs).toBe(lisbonArgs);
    expect(
      preparing.filter((args) => args !== "{}" && args !== lisbonArgs),
      seenArgs,
    ).not.toHaveLength(0);
    expect(await lisbon.getAttribute("data-status")).toBe("success");
    expect(await atlantis.getAttribute("data-status")).toBe("error");

    // The final answer's length, each time it changed while the run went on, as a person watching saw it.
    const finalText = await turn.locator('[data-testid="answer"][data-step="2"]').textContent();
    expect(finalText).toBe(`${ANSWER}[1]`);
    const distinct = growth.answerLengths;
    const beforeFinal = distinct.filter((length) => length < finalText!.length);
    expect(beforeFinal.length, `lengths seen ${distinct.join(", ")}`).toBeGreaterThanOrEqual(3);
    for (let index = 1; index < distinct.length; index++) {
      expect(distinct[index], `lengths seen ${distinct.join(", ")}`).toBeGreaterThan(distinct[index - 1]!);
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
