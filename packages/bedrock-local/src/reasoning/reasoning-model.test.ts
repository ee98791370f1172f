import { describe, expect, it } from "vitest";
import { baseModelId, reasoningFamily, signsReasoning } from "./reasoning-model.js";

describe("baseModelId", () => {
  it("takes an inference profile and its foundation model for one model", () => {
    for (const id of [
      "us.anthropic.claude-sonnet-4-20250514-v1:0",
      "global.anthropic.claude-sonnet-4-20250514-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
      "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-20250514-v1:0",
    ]) {
      expect(baseModelId(id)).toBe("anthropic.claude-sonnet-4-20250514-v1:0");
    }
  });

  it("keeps an application inference profile ARN as its own model, naming none", () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
    expect(baseModelId(arn)).toBe("a1b2c3d4e5f6");
    expect(reasoningFamily(arn)).toBe("scripted");
  });
});

describe("reasoningFamily", () => {
  it("names the family by the provider of the base model", () => {
    expect(reasoningFamily("apac.anthropic.claude-3-7-sonnet-20250219-v1:0")).toBe("claude");
    expect(reasoningFamily("us.amazon.nova-2-lite-v1:0")).toBe("refuses-reasoning");
    expect(reasoningFamily("us.deepseek.r1-v1:0")).toBe("refuses-reasoning");
    expect(reasoningFamily("openai.gpt-oss-20b-1:0")).toBe("openai");
    expect(reasoningFamily("mistral.mistral-large-2407-v1:0")).toBe("other-provider");
    expect(reasoningFamily("hello")).toBe("scripted");
  });

  it("signs reasoning for the families whose models sign theirs", () => {
    expect(signsReasoning("us.anthropic.claude-sonnet-4-20250514-v1:0")).toBe(true);
    expect(signsReasoning("hello")).toBe(true);
    expect(signsReasoning("us.amazon.nova-2-lite-v1:0")).toBe(false);
    expect(signsReasoning("openai.gpt-oss-120b-1:0")).toBe(false);
  });
});
