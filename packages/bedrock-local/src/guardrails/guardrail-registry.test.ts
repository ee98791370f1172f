import { describe, expect, it } from "vitest";
import { findPhrase } from "./find-matches.js";
import { GuardrailDefinitionError } from "./guardrail-definition.js";
import { GuardrailRegistry } from "./guardrail-registry.js";

describe("GuardrailRegistry", () => {
  it("finds a guardrail by its id or by its ARN", () => {
    const registry = new GuardrailRegistry([{ id: "abc123" }]);
    expect(registry.find("abc123")?.id).toBe("abc123");
    expect(registry.find("arn:aws:bedrock:us-east-1:000000000000:guardrail/abc123")?.id).toBe("abc123");
    expect(registry.find("nope")).toBeUndefined();
    expect(registry.find("arn:aws:bedrock:us-east-1:000000000000:guardrail/nope")).toBeUndefined();
  });

  it("rejects a definition with an invalid regex or action when it is built", () => {
    expect(
      () => new GuardrailRegistry([{ id: "g", regexes: [{ name: "r", pattern: "(", action: "BLOCK" }] }]),
    ).toThrow(GuardrailDefinitionError);
    expect(
      () => new GuardrailRegistry([{ id: "g", piiEntities: [{ type: "SSN" as "EMAIL", action: "BLOCK" }] }]),
    ).toThrow(/piiEntities\[0\]\.type/);
    expect(() => new GuardrailRegistry([{ id: "g", words: ["  "] }])).toThrow(/words/);
  });
});

describe("findPhrase", () => {
  it("treats regex characters in a phrase literally and spaces as any whitespace", () => {
    expect(findPhrase("I write C++ daily", "c++").map((m) => m.match)).toEqual(["C++"]);
    expect(findPhrase("price: $5.00 (approx)", "$5.00").map((m) => m.match)).toEqual(["$5.00"]);
    expect(findPhrase("stock\n  tips here", "stock tips").map((m) => m.match)).toEqual(["stock\n  tips"]);
    expect(findPhrase("stockpile", "stock")).toEqual([]);
  });
});
