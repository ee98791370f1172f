import { describe, expect, test } from "vitest";
import { redactUserMessage } from "./redact-history.js";

describe("redactUserMessage", () => {
  test("keeps each toolResult's id and status, replacing its content, and merges the rest into one text", () => {
    const redacted = redactUserMessage(
      {
        role: "user",
        content: [
          { toolResult: { toolUseId: "t1", status: "success", content: [{ json: { email: "a@b.co" } }] } },
          { text: "first" },
          { image: { format: "png", source: { bytes: new Uint8Array([1]) } } },
          { text: "second" },
        ],
      },
      "[removed]",
    );

    expect(redacted).toEqual({
      role: "user",
      content: [
        { toolResult: { toolUseId: "t1", status: "success", content: [{ text: "[removed]" }] } },
        { text: "[removed]" },
      ],
    });
  });
});
