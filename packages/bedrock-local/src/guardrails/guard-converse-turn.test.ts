import { describe, expect, it } from "vitest";
import type { ModelTurn } from "../models/model-turn.js";
import type { ConverseGuardrail } from "./converse-guardrail.js";
import {
  assessConverseInput,
  blockedInputTurn,
  guardWholeOutput,
  modelOutputOf,
} from "./guard-converse-turn.js";

const guardrail = (trace: ConverseGuardrail["trace"] = "enabled"): ConverseGuardrail => ({
  definition: {
    id: "g1",
    blockedInputMessaging: "Input blocked.",
    blockedOutputsMessaging: "Output blocked.",
    words: ["secret"],
    piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }],
  },
  trace,
  streamProcessingMode: "sync",
});
const request = (text: string) => ({ messages: [{ role: "user", content: [{ text }] }] });
const turn = (...texts: string[]): ModelTurn => ({
  content: [
    { kind: "reasoning", text: "a secret thought, not assessed" },
    ...texts.map((text) => ({ kind: "text" as const, text })),
    { kind: "tool-use", toolUseId: "tooluse_1", name: "lookup", input: { q: "secret ana@example.com" } },
  ],
  stopReason: "tool_use",
  usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
  pacing: { chunkSize: 4, delayMs: 0 },
});
const guardFor = (trace: ConverseGuardrail["trace"] = "enabled") => {
  const g = guardrail(trace);
  return { guardrail: g, input: assessConverseInput(g, request("Hello")).evaluation };
};

describe("assessConverseInput", () => {
  it("blocks on a blocked word and leaves the body as sent", () => {
    const body = request("tell me the secret");
    const input = assessConverseInput(guardrail(), body);
    expect(input.evaluation.blocked).toBe(true);
    expect(input.body).toBe(body);
  });

  it("masks anonymized matches in the body the model reads", () => {
    const input = assessConverseInput(guardrail(), request("I am ana@example.com"));
    expect(input.evaluation.blocked).toBe(false);
    expect(input.body).toEqual(request("I am {EMAIL}"));
  });
});

describe("blockedInputTurn", () => {
  it("answers with the blocked-input message, no tokens and the input assessment", () => {
    const g = guardrail();
    const blocked = blockedInputTurn(g, assessConverseInput(g, request("a secret")).evaluation);
    expect(blocked.content).toEqual([{ kind: "text", text: "Input blocked." }]);
    expect(blocked.stopReason).toBe("guardrail_intervened");
    expect(blocked.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(blocked.pacing.chunkSize).toBe("Input blocked.".length);
    expect(Object.keys(blocked.trace?.guardrail as object)).toEqual(["actionReason", "inputAssessment"]);
  });

  it("carries no trace when the trace is disabled", () => {
    const g = guardrail("disabled");
    expect(blockedInputTurn(g, assessConverseInput(g, request("a secret")).evaluation).trace).toBeUndefined();
  });
});

describe("guardWholeOutput", () => {
  it("replaces the whole answer, tool use included, when the text is blocked", () => {
    const guarded = guardWholeOutput(guardFor(), turn("Here is the secret."), "Converse");
    expect(guarded.content).toEqual([{ kind: "text", text: "Output blocked." }]);
    expect(guarded.stopReason).toBe("guardrail_intervened");
    expect(guarded.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    expect(guarded.trace).toMatchObject({ guardrail: { actionReason: "No action.\nGuardrail blocked." } });
  });

  it("masks each text block and keeps reasoning and tool uses, which are not assessed", () => {
    const guarded = guardWholeOutput(
      guardFor(),
      turn("Mail ana@example.com", "or bob@example.org"),
      "Converse",
    );
    expect(guarded.content.map((block) => ("text" in block ? block.text : block.kind))).toEqual([
      "a secret thought, not assessed",
      "Mail {EMAIL}",
      "or {EMAIL}",
      "tool-use",
    ]);
    expect(guarded.stopReason).toBe("guardrail_intervened");
  });

  it("changes nothing but the trace for a clean answer, and sends no modelOutput", () => {
    const original = turn("All good.");
    const guarded = guardWholeOutput(guardFor(), original, "Converse");
    expect(guarded.content).toBe(original.content);
    expect(guarded.stopReason).toBe("tool_use");
    expect(Object.keys(guarded.trace?.guardrail as object)).toEqual([
      "actionReason",
      "inputAssessment",
      "outputAssessments",
    ]);
    expect(guardWholeOutput(guardFor("disabled"), original, "Converse").trace).toBeUndefined();
  });
});

describe("modelOutputOf", () => {
  it("is the Converse response as one JSON string, or the raw text for ConverseStream", () => {
    const answer = turn("Part one, ", "part two.");
    const [converse] = modelOutputOf(answer, "Converse");
    expect(Object.keys(JSON.parse(converse ?? "{}"))).toEqual(["output", "stopReason", "usage"]);
    expect(modelOutputOf(answer, "ConverseStream")).toEqual(["Part one, part two."]);
  });
});
