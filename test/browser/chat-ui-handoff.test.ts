import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { ARTIFACTS_DIR, ask, settledStatus, TURN, turnText, useChatPages } from "./support/chat-page.js";

/**
 * Where the screenshots go: the test artifacts, or, with `LODE_UPDATE_SCREENSHOTS=1`, the committed ones
 * the README shows (their timings differ on every run, so a plain test run leaves them alone).
 */
const SCREENSHOTS_DIR = process.env.LODE_UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL("../../docs/screenshots/", import.meta.url))
  : ARTIFACTS_DIR;
const QUESTION = "Why was I charged twice for Lisbon?";

/** Records, from now on, each agent the page's last turn names as speaking (its last label), in order. */
async function recordAgentLabels(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { agentLabels: string[] }).agentLabels = seen;
    const note = () => {
      const turns = document.querySelectorAll('[data-testid="assistant-turn"]');
      const labels = turns[turns.length - 1]?.querySelectorAll<HTMLElement>('[data-testid="agent-label"]');
      const current = labels?.[labels.length - 1];
      const name = current && !current.hidden ? (current.textContent ?? "") : "";
      if (name && seen.at(-1) !== name) seen.push(name);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

function agentLabelsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { agentLabels: string[] }).agentLabels);
}

/**
 * The demo's billing conversation, in the demo's own script: the concierge speaks, hands the conversation
 * to billing with a reason, and billing looks the charges up with its own tool and answers.
 */
async function askBilling(page: Page) {
  await expect.poll(() => page.getByTestId("suggestion").allTextContents()).toContain(QUESTION);
  await recordAgentLabels(page);
  await ask(page, QUESTION);
  expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
  const turn = page.locator(TURN).first();

  expect(await agentLabelsSeen(page)).toEqual(["concierge", "billing"]);
  // The turn says who speaks now; each agent's words sit under its own label.
  expect(await turn.getAttribute("data-agent")).toBe("billing");
  expect(await turn.getByTestId("agent-label").allTextContents()).toEqual(["concierge", "billing"]);
  const marker = turn.getByTestId("handoff");
  expect(await marker.textContent()).toBe("⇄Transferred to billing: Charged twice for the Lisbon booking");
  expect(await marker.isVisible()).toBe(true);
  // The transfer call is the marker, not a card; billing's own tool call is a card.
  expect(await turn.getByTestId("tool-name").allTextContents()).toEqual(["find_charges"]);
  // In order: the concierge's words, the marker, billing's words.
  const order = await turn.evaluate((element) =>
    [
      ...element.querySelectorAll(
        '[data-testid="answer"], [data-testid="handoff"], [data-testid="agent-label"]:not([hidden])',
      ),
    ].map((node) => {
      const kind = node.getAttribute("data-testid");
      return kind === "answer" ? (node.textContent ?? "").slice(0, 12) : `${kind}`;
    }),
  );
  expect(order).toEqual([
    "agent-label",
    "A double cha",
    "handoff",
    "agent-label",
    "Billing here",
    "You're right",
  ]);
  return { turn, marker };
}

describe("the chat page's desk, 1280 px wide", () => {
  const wide = useChatPages({ width: 1280, height: 900 });

  test("shows the concierge handing over to billing, and billing answering the next message", {
    timeout: 40_000,
  }, async () => {
    const { server, page } = await wide.openChat({ backend: "bedrock-local" });
    await askBilling(page);
    await page.getByTestId("user-message").evaluate((message) => message.scrollIntoView({ block: "start" }));
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS_DIR}chat-handoff-1280.png` });

    // The session stays with billing: the next message's turn is billing's from its start.
    await recordAgentLabels(page);
    await ask(page, "Thanks. Can you check again?");
    expect(await settledStatus(page, 1), await turnText(page, 1)).toBe("completed");
    expect(await agentLabelsSeen(page)).toEqual(["billing"]);
    expect(await page.locator(TURN).nth(1).getAttribute("data-agent")).toBe("billing");
    expect(await page.locator(TURN).nth(1).getByTestId("handoff").count()).toBe(0);
    expect(server.runs.map((run) => run.status)).toEqual(["completed", "completed"]);
  });
});

describe("the chat page's desk on a phone, 390 px wide", () => {
  const phone = useChatPages({ width: 390, height: 844 });

  test("fits the handoff and the agent labels on the screen", { timeout: 40_000 }, async () => {
    const { page } = await phone.openChat({ backend: "bedrock-local" });
    const { turn, marker } = await askBilling(page);

    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      scroller: document.querySelector('[data-testid="scroller"]')!.scrollWidth,
      wider: [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.className || element.tagName),
    }));
    expect(overflow).toEqual({ page: 390, scroller: 390, wider: [] });
    // The marker's text wraps inside it rather than running out of it.
    expect(await marker.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(false);

    await turn
      .getByTestId("agent-label")
      .first()
      .evaluate((label) => label.scrollIntoView({ block: "start" }));
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS_DIR}chat-handoff-390.png` });
  });
});
