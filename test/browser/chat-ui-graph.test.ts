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
const RESEARCH = "/research A long weekend in Lisbon";

interface ProgressSeen {
  /** Per task id, the states its row went through, in order. */
  states: Record<string, string[]>;
  /** The most search branches the page showed running at one time. */
  searchesRunningAtOnce: number;
}

/** Records, from now on, every state each task's row of the progress list takes, as the page shows them. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { states: {} as Record<string, string[]>, searchesRunningAtOnce: 0 };
    (window as unknown as { progress: typeof seen }).progress = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        const row = record.target as HTMLElement;
        if (record.type !== "attributes" || row.dataset.testid !== "graph-node") continue;
        // The state it left (a row that ran for a moment only still shows it was running).
        const taskId = row.dataset.taskId ?? "?";
        seen.states[taskId] = [...(seen.states[taskId] ?? []), record.oldValue ?? ""];
      }
      const running = document.querySelectorAll('[data-node="search"][data-status="running"]').length;
      seen.searchesRunningAtOnce = Math.max(seen.searchesRunningAtOnce, running);
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-status"],
      attributeOldValue: true,
    });
  });
}

async function progressSeen(page: Page): Promise<ProgressSeen> {
  const seen = await page.evaluate(() => (window as unknown as { progress: ProgressSeen }).progress);
  // Each row's state now ends its list.
  const now = await page
    .getByTestId("graph-node")
    .evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute("data-task-id"), row.getAttribute("data-status")]),
    );
  for (const [taskId, status] of now)
    seen.states[taskId ?? "?"] = [...(seen.states[taskId ?? "?"] ?? []), status ?? ""];
  return seen;
}

/**
 * The research request (from `send`): the graph's tasks appear running and end done, the three searches
 * running together, each agent's text under its task, the summary last.
 */
async function research(page: Page, send: () => Promise<void>) {
  await expect.poll(() => page.getByTestId("suggestion").allTextContents()).toContain(RESEARCH);
  await recordProgress(page);
  await send();
  expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
  const turn = page.locator(TURN).first();
  expect(await turn.getAttribute("data-graph")).toBe("research");
  expect(await turn.getByTestId("agent-label").textContent()).toBe("research graph");

  const rows = turn.getByTestId("graph-node");
  expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-task-id")))).toEqual([
    "0:plan:0",
    "1:search:0",
    "1:search:1",
    "1:search:2",
    "2:summarize:0",
  ]);
  expect(await turn.getByTestId("node-name").allTextContents()).toEqual([
    "plan",
    "search",
    "search",
    "search",
    "summarize",
  ]);
  expect(await turn.getByTestId("node-item").allTextContents()).toEqual([
    "",
    "weather",
    "sights",
    "food",
    "",
  ]);
  const seen = await progressSeen(page);
  for (const taskId of Object.keys(seen.states))
    expect(seen.states[taskId], taskId).toEqual(["running", "done"]);
  expect(Object.keys(seen.states)).toHaveLength(5);
  expect(seen.searchesRunningAtOnce).toBe(3);
  // Done, with how long each took; the three searches one parallel step.
  for (const state of await turn.getByTestId("node-state").allTextContents())
    expect(state).toMatch(/^done · \d+(\.\d)? (ms|s)$/);
  expect(await turn.locator(".node-icon").allTextContents()).toEqual(["✓", "✓", "✓", "✓", "✓"]);
  expect(await turn.locator('[data-parallel="true"]').getByTestId("graph-node").count()).toBe(3);
  expect(await turn.locator(".graph-step-label:not([hidden])").allTextContents()).toEqual(["3 in parallel"]);

  // Each agent's text under its own task: the searchers' findings, then the summary.
  const texts = await turn
    .getByTestId("node-text")
    .evaluateAll((blocks) =>
      blocks.map((block) => [
        block.closest("li")?.getAttribute("data-task-id"),
        block.textContent?.slice(0, 24),
      ]),
    );
  expect(texts).toEqual([
    ["1:search:0", "Late spring in Lisbon is"],
    ["1:search:1", "The Alfama's lanes and t"],
    ["1:search:2", "Try pastéis de nata in B"],
    ["2:summarize:0", "Go for it: a long weeken"],
  ]);
  expect(await turn.locator('[data-node="summarize"]').getByTestId("node-text").textContent()).toMatch(
    /^Go for it: a long weekend in Lisbon suits late spring.*a late dinner of grilled sardines\.$/,
  );
  expect(await turn.getByTestId("graph-meta").textContent()).toMatch(/^5 tasks in 3 steps · /);
  return { turn, rows };
}

describe("the chat page's research graph, 1280 px wide", () => {
  const wide = useChatPages({ width: 1280, height: 900 });

  test("shows the graph's tasks running, then done, the searches side by side, and the summary", {
    timeout: 40_000,
  }, async () => {
    const { server, page } = await wide.openChat({ backend: "bedrock-local" });
    const { rows } = await research(page, () =>
      page.getByTestId("suggestion").filter({ hasText: RESEARCH }).click(),
    );
    // Side by side: the three searches on one line.
    const tops = await rows.evaluateAll((all) =>
      all.map((row) => Math.round(row.getBoundingClientRect().top)),
    );
    expect(new Set(tops.slice(1, 4)).size).toBe(1);
    expect(server.runs.map((run) => [run.message, run.status])).toEqual([[RESEARCH, "completed"]]);

    await page.getByTestId("user-message").evaluate((message) => message.scrollIntoView({ block: "start" }));
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS_DIR}chat-graph-1280.png` });

    // The conversation carries on with the agents: a chat message after the graph's answer.
    await ask(page, "What's the weather in Lisbon and Oslo?");
    expect(await settledStatus(page, 1), await turnText(page, 1)).toBe("completed");
    expect(server.runs.map((run) => run.status)).toEqual(["completed", "completed"]);
  });

  test("answers /research alone with what to write, and Stop ends a running graph", {
    timeout: 40_000,
  }, async () => {
    const { server, page } = await wide.openChat({ backend: "bedrock-local" });
    await ask(page, "/research");
    expect(await settledStatus(page, 0)).toBe("failed");
    expect(await page.locator(TURN).first().getByTestId("graph-notice").textContent()).toContain(
      "Say what to research",
    );

    await ask(page, "/research A weekend in Porto");
    await page.locator('[data-node="search"][data-status="running"]').first().waitFor();
    await page.keyboard.press("Escape");
    expect(await settledStatus(page, 1)).toBe("aborted");
    expect(await page.locator(TURN).nth(1).locator('[data-status="stopped"]').count()).toBeGreaterThan(0);
    await expect.poll(() => server.runs.map((run) => run.status)).toEqual(["aborted"]);
  });
});

describe("the chat page's research graph on a phone, 390 px wide", () => {
  const phone = useChatPages({ width: 390, height: 844 });

  test("fits the progress list on the screen, sent from the keyboard", { timeout: 40_000 }, async () => {
    const { page } = await phone.openChat({ backend: "bedrock-local" });
    const { turn, rows } = await research(page, async () => {
      await page.getByTestId("suggestion").filter({ hasText: RESEARCH }).focus();
      await page.keyboard.press("Enter");
    });
    // One under the other, and nothing wider than the screen.
    const tops = await rows.evaluateAll((all) =>
      all.map((row) => Math.round(row.getBoundingClientRect().top)),
    );
    expect(new Set(tops).size).toBe(5);
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      scroller: document.querySelector('[data-testid="scroller"]')!.scrollWidth,
      wider: [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.className || element.tagName),
    }));
    expect(overflow).toEqual({ page: 390, scroller: 390, wider: [] });

    await turn.getByTestId("agent-label").evaluate((label) => label.scrollIntoView({ block: "start" }));
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS_DIR}chat-graph-390.png` });
  });
});
