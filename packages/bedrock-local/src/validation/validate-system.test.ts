import { describe, expect, it } from "vitest";
import { AwsError } from "../http/aws-error.js";
import type { JsonObject } from "../models/model-turn.js";
import { createReasoningSigner } from "../reasoning/reasoning-signer.js";
import { validateConverseRequest } from "./validate-converse-request.js";

const signer = createReasoningSigner("validate-system-test");

function rejection(body: JsonObject): string | undefined {
  try {
    validateConverseRequest(body, { signer });
    return undefined;
  } catch (error) {
    if (error instanceof AwsError && error.name === "ValidationException") return error.message;
    throw error;
  }
}

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
    expect(rejection(withSystem(system))).toBeUndefined();
    expect(rejection(withSystem([]))).toBeUndefined();
  });

  it("rejects an empty system text, counting blocks from 1", () => {
    expect(rejection(withSystem([{ text: "You are terse." }, { text: "" }]))).toBe(
      "1 validation error detected: Value at 'system.2.member.text' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("rejects a whitespace-only system text", () => {
    expect(rejection(withSystem([{ text: "You are terse." }, { text: "\n" }]))).toBe(
      "The model returned the following errors: system: text content blocks must contain non-whitespace text",
    );
  });

  it("rejects a system block of unknown kind", () => {
    expect(rejection(withSystem([{ prompt: "You are terse." }]))).toBe(
      "The SystemContentBlock object at system.0 must set exactly one of the following fields: text, guardContent, cachePoint. Update the SystemContentBlock object and try again.",
    );
  });

  it("rejects a system prompt given as a string", () => {
    expect(rejection(withSystem("You are terse."))).toBe(
      "The value at system is invalid. Provide a list of SystemContentBlock objects and try again.",
    );
  });
});
