import { describe, expect, it } from "vitest";
import type { ModelTurn } from "../models/model-turn.js";
import type { StreamEvent } from "../models/render-stream-events.js";
import type { ConverseGuardrail } from "./converse-guardrail.js";
import { assessConverseInput } from "./guard-converse-turn.js";
import { guardStreamAsync } from "./guard-stream-async.js";

const guardrail: ConverseGuardrail = {
  definition: {
    id: "g1",
    blockedOutputsMessaging: "Stopped.",
    words: ["bet"],
    piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }],
  },
  trace: "enabled",
  streamProcessingMode: "async",
};
const guard = {
  guardrail,
  input: assessConverseInput(guardrail, { messages: [{ role: "user", content: [{ text: "Hi" }] }] })
    .evaluation,
};
const turn = (text: string, chunkSize = 4): ModelTurn => ({
  content: [
    { kind: "text", text },
    { kind: "tool-use", toolUseId: "tooluse_1", name: "lookup", input: {} },
  ],
  stopReason: "tool_use",
  usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
  pacing: { chunkSize, delayMs: 0 },
});
const summary = (events: StreamEvent[]) =>
  events.map((event) => {
    const delta = event.payload.delta as { text?: string } | undefined;
    return delta?.text !== undefined ? `${event.payload.contentBlockIndex}:${delta.text}` : event.type;
  });

describe("guardStreamAsync", () => {
  it("sends the chunks read so far, then closes with the blocked message and no more model events", () => {
    const plan = guardStreamAsync(guard, turn("I bet you will"));
    expect(summary([...plan.events])).toEqual([
      "messageStart",
      "0:I be",
      "0:t yo",
      "contentBlockStop",
      "1:Stopped.",
      "contentBlockStop",
      "messageStop",
    ]);
    const metadata = plan.metadata(5).payload;
    expect(metadata.usage).toEqual({ inputTokens: 3, outputTokens: 4, totalTokens: 7 });
    expect(metadata.trace).toMatchObject({
      guardrail: {
        actionReason: "No action.\nGuardrail blocked.",
        modelOutput: ["I bet yo"],
        outputAssessments: { g1: [{ wordPolicy: { customWords: [{ match: "bet", action: "BLOCKED" }] } }] },
      },
    });
  });

  it("does not take the start of a longer word for a blocked one", () => {
    const events = [...guardStreamAsync(guard, turn("better betting", 3)).events];
    expect(events.at(-1)?.payload).toEqual({ stopReason: "tool_use" });
  });

  it("catches a blocked word that ends the text block, once the block ends", () => {
    const events = summary([...guardStreamAsync(guard, turn("place a bet", 11)).events]);
    expect(events).toEqual([
      "messageStart",
      "0:place a bet",
      "contentBlockStop",
      "1:Stopped.",
      "contentBlockStop",
      "messageStop",
    ]);
  });

  it("sends anonymized matches unmasked and only reports them", () => {
    const plan = guardStreamAsync(guard, turn("Mail ana@example.com"));
    const events = [...plan.events];
    expect(
      events.map((event) => (event.payload.delta as { text?: string } | undefined)?.text ?? "").join(""),
    ).toBe("Mail ana@example.com");
    expect(events.find((event) => event.type === "messageStop")?.payload).toEqual({ stopReason: "tool_use" });
    const trace = plan.metadata(1).payload.trace as { guardrail: Record<string, unknown> };
    expect(trace.guardrail.modelOutput).toBeUndefined();
    expect(trace.guardrail.outputAssessments).toMatchObject({
      g1: [{ sensitiveInformationPolicy: { piiEntities: [{ type: "EMAIL", action: "ANONYMIZED" }] } }],
    });
  });
});
