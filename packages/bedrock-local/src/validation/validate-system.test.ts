import { describe, expect, it } from "vitest";
import { rejectionMessage, serializationMessage } from "./rejection-message.test-support.js";

const withSystem = (system: unknown) => ({
  system,
  messages: [{ role: "user", content: [{ text: "Hello" }] }],
});

describe("system blocks", () => {
  it("accepts text, guardContent and cachePoint blocks, and an empty list", () => {
    const system = [
      { text: "You are terse." },
      { guardContent: { text: { text: "Stay on topic." } } },
      { cachePoint: { type: "default" } },
    ];
    expect(rejectionMessage(withSystem(system))).toBeUndefined();
    expect(rejectionMessage(withSystem([]))).toBeUndefined();
  });

  it("rejects an empty system text, counting blocks from 1", () => {
    expect(rejectionMessage(withSystem([{ text: "You are terse." }, { text: "" }]))).toBe(
      "1 validation error detected: Value at 'system.2.member.text' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("rejects a whitespace-only system text", () => {
    expect(rejectionMessage(withSystem([{ text: "You are terse." }, { text: "\n" }]))).toBe(
      "The model returned the following errors: system: text content blocks must contain non-whitespace text",
    );
  });

  it("rejects a system block of unknown kind", () => {
    expect(rejectionMessage(withSystem([{ prompt: "You are terse." }]))).toBe(
      "The SystemContentBlock object at system.0 must set exactly one of the following fields: text, guardContent, cachePoint. Update the SystemContentBlock object and try again.",
    );
  });

  it("refuses a system prompt given as a string as unreadable", () => {
    expect(serializationMessage(withSystem("You are terse."))).toBe(
      "Expected a list (SystemContentBlocks) at 'system' but found a string.",
    );
  });
});
