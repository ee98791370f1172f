import { describe, expect, test } from "vitest";
import { checkExpectation } from "./check-expectation.js";

describe("a turn's lastUserText expectation", () => {
  test("reads the text a guardContent block holds, as a guarded user message sends it", () => {
    const body = {
      messages: [{ role: "user", content: [{ guardContent: { text: { text: "Refund INV-7, please." } } }] }],
    };
    expect(() => checkExpectation({ lastUserText: "INV-7" }, body, "turn 1")).not.toThrow();
    expect(() => checkExpectation({ lastUserText: "INV-8" }, body, "turn 1")).toThrow(/INV-8/);
  });
});
