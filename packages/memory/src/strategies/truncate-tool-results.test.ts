import { describe, expect, test } from "vitest";
import { answers, asksTool, requestFor, user } from "./test-messages.test-support.js";
import { truncateMiddle, truncateToolResults } from "./truncate-tool-results.js";

describe("truncateMiddle", () => {
  test("keeps the head and the tail with a marker naming what was left out", () => {
    const text = `HEAD${"x".repeat(1000)}TAIL`;
    const truncated = truncateMiddle(text, 10);
    expect(truncated.startsWith("HEADx")).toBe(true);
    expect(truncated.endsWith("xTAIL")).toBe(true);
    expect(truncated).toContain("[… 998 characters omitted …]");
  });

  test("returns text that fits unchanged", () => {
    expect(truncateMiddle("short", 10)).toBe("short");
  });
});

describe("truncateToolResults", () => {
  test("shortens oversized text and JSON results and leaves the rest as they were", async () => {
    const big = answers("t1", `start-${"y".repeat(5000)}-end`);
    const json = {
      role: "user" as const,
      content: [{ toolResult: { toolUseId: "t2", content: [{ json: { rows: "z".repeat(500) } }] } }],
    };
    const history = [user("q"), asksTool("t1"), big, asksTool("t2"), json];
    const prepared = await truncateToolResults({ maxChars: 100 }).prepare(requestFor(history));

    const text = prepared[2]?.content?.[0]?.toolResult?.content?.[0]?.text ?? "";
    expect(text.startsWith("start-")).toBe(true);
    expect(text.endsWith("-end")).toBe(true);
    expect(text.length).toBeLessThan(200);
    expect(prepared[4]?.content?.[0]?.toolResult?.content?.[0]?.text).toContain("characters omitted");
    expect(prepared[0]).toBe(history[0]);
    expect(prepared[1]).toBe(history[1]);
    expect(prepared[2]?.content?.[0]?.toolResult?.toolUseId).toBe("t1");
    // The stored history keeps the whole result.
    expect(big.content?.[0]?.toolResult?.content?.[0]?.text?.length).toBe(5010);
  });

  test("cuts harder on each overflow attempt", async () => {
    const history = [user("q"), asksTool("t1"), answers("t1", "w".repeat(5000))];
    const strategy = truncateToolResults({ maxChars: 400 });
    const lengthAt = async (attempt: number) =>
      (await strategy.prepare(requestFor(history, attempt)))[2]?.content?.[0]?.toolResult?.content?.[0]?.text
        ?.length ?? 0;
    expect(await lengthAt(1)).toBeLessThan(await lengthAt(0));
  });
});
