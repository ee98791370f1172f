import { describe, expect, test } from "vitest";
import { answerEvents, type RecordedAnswer } from "./answer-events.js";
import { decodeStreamAnswer } from "./decode-answer.js";

const usage = {
  inputTokens: 120,
  outputTokens: 30,
  totalTokens: 200,
  cacheReadInputTokens: 50,
  cacheWriteInputTokens: 0,
  latencyMs: 42,
};

describe("an answer as ConverseStream events", () => {
  test("reads back as the same message, stop reason and usage", () => {
    const answer: RecordedAnswer = {
      message: {
        role: "assistant",
        content: [
          { reasoningContent: { reasoningText: { text: "Look it up.", signature: "sig" } } },
          { text: "Checking." },
          { toolUse: { toolUseId: "tooluse_1", name: "lookup", input: { term: "lode", limit: 2 } } },
        ],
      },
      stopReason: "tool_use",
      usage,
    };
    expect(decodeStreamAnswer(answerEvents(answer))).toEqual(answer);
  });

  test("a tool use with no input streams as an empty object", () => {
    const answer: RecordedAnswer = {
      message: {
        role: "assistant",
        content: [{ toolUse: { toolUseId: "t", name: "now", input: undefined } }],
      },
      stopReason: "tool_use",
      usage,
    };
    expect(decodeStreamAnswer(answerEvents(answer)).message.content).toEqual([
      { toolUse: { toolUseId: "t", name: "now", input: {} } },
    ]);
  });

  test("refuses, by name, a block it cannot stream back", () => {
    const answer = {
      message: {
        role: "assistant",
        content: [{ image: { format: "png", source: { bytes: new Uint8Array(1) } } }],
      },
      stopReason: "end_turn",
      usage,
    } as RecordedAnswer;
    expect(() => answerEvents(answer)).toThrow(/cannot stream back yet \(image\)/);
  });
});
