import { mkdir } from "node:fs/promises";
import type { Script } from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import type { RequestLogLine } from "../../examples/chat-ui/src/chat-server.js";
import { ARTIFACTS_DIR, ask, settledStatus, TURN, turnText, useChatPages } from "./support/chat-page.js";

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

const { openChat } = useChatPages();

describe("approvals on the chat page", () => {
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

  test("books a trip from the scripted demo's suggestion: the approval card, then the booking", {
    timeout: 30_000,
  }, async () => {
    const { server, page } = await openChat({ backend: "bedrock-local" });
    await page
      .getByTestId("suggestion")
      .filter({ hasText: /^Book / })
      .click();

    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("awaiting-approval");
    const card = page.locator(TURN).first().getByTestId("tool-card");
    expect(await card.getByTestId("tool-name").textContent()).toBe("book_trip");
    expect(await card.getByTestId("tool-args").textContent()).toBe(
      '{\n  "city": "Lisbon",\n  "nights": 3\n}',
    );
    expect(await card.getByTestId("tool-status").textContent()).toBe("waiting for approval");
    await card.getByTestId("approve").click();

    expect(await settledStatus(page, 0), await turnText(page, 0)).toBe("completed");
    expect(await card.getByTestId("tool-status").textContent()).toMatch(/^done · [\d.]+ m?s$/);
    expect(await card.getByTestId("tool-result").textContent()).toContain('"reference": "LODE-LIS-3N"');
    expect(await page.locator(TURN).first().getByTestId("answer").last().textContent()).toContain(
      "LODE-LIS-3N",
    );
    await expect.poll(() => server.runs.map((run) => run.status)).toEqual(["awaiting-approval", "completed"]);
  });
});
