import { describe, expect, it } from "vitest";
import type { AgentEvent, UnstampedEvent } from "../contracts/agent-event.js";
import type { RunResult } from "../contracts/run-result.js";
import { LodeError } from "../errors/lode-error.js";
import { createUIMessageMapper, type UIMessageStreamOptions } from "./ui-message-mapper.js";

const usage = {
  inputTokens: 1,
  outputTokens: 1,
  totalTokens: 2,
  cacheReadInputTokens: 0,
  cacheWriteInputTokens: 0,
  latencyMs: 1,
};

/** The chunks of `events` (stamped with run id and step 1), in order. */
function chunksOf(events: UnstampedEvent[], options: UIMessageStreamOptions = {}) {
  const map = createUIMessageMapper(options);
  return events.flatMap((event) => map({ ...event, runId: "run_1", step: 1 } as AgentEvent));
}

describe("createUIMessageMapper", () => {
  it("opens and ends text and reasoning parts with the run's own start and end events", () => {
    expect(
      chunksOf([
        { type: "reasoning-start", id: "1:0" },
        { type: "reasoning-delta", id: "1:0", text: "Think" },
        { type: "reasoning-signature", id: "1:0", signature: "sig" },
        { type: "reasoning-end", id: "1:0" },
        { type: "text-start", id: "1:1" },
        { type: "text-delta", id: "1:1", text: "Hi" },
        { type: "text-delta", id: "1:1", text: "!" },
        { type: "text-end", id: "1:1" },
        { type: "tool-input-start", toolUseId: "t1", toolName: "lookup" },
      ]),
    ).toEqual([
      { type: "reasoning-start", id: "1:0" },
      { type: "reasoning-delta", id: "1:0", delta: "Think" },
      { type: "reasoning-end", id: "1:0", providerMetadata: { bedrock: { signature: "sig" } } },
      { type: "text-start", id: "1:1" },
      { type: "text-delta", id: "1:1", delta: "Hi" },
      { type: "text-delta", id: "1:1", delta: "!" },
      { type: "text-end", id: "1:1" },
      { type: "tool-input-start", toolCallId: "t1", toolName: "lookup" },
    ]);
  });

  it("ends open parts, cut-off tool inputs and unanswered calls when the step ends", () => {
    expect(
      chunksOf([
        { type: "step-start" },
        { type: "text-start", id: "1:0" },
        { type: "text-delta", id: "1:0", text: "Hi" },
        { type: "tool-input-start", toolUseId: "t0", toolName: "lookup" },
        { type: "tool-call", toolUseId: "t0", toolName: "lookup", input: { q: "a" } },
        { type: "tool-input-start", toolUseId: "t1", toolName: "lookup" },
        { type: "tool-input-delta", toolUseId: "t1", delta: '{"q":"lo', partialInput: { q: "lo" } },
        { type: "step-end", stopReason: "max_tokens", usage },
      ]),
    ).toEqual([
      { type: "start-step" },
      { type: "text-start", id: "1:0" },
      { type: "text-delta", id: "1:0", delta: "Hi" },
      { type: "tool-input-start", toolCallId: "t0", toolName: "lookup" },
      { type: "tool-input-available", toolCallId: "t0", toolName: "lookup", input: { q: "a" } },
      { type: "tool-input-start", toolCallId: "t1", toolName: "lookup" },
      { type: "tool-input-delta", toolCallId: "t1", inputTextDelta: '{"q":"lo' },
      { type: "text-end", id: "1:0" },
      {
        type: "tool-input-error",
        toolCallId: "t1",
        toolName: "lookup",
        input: { q: "lo" },
        errorText: "The model's answer ended before this tool call was complete.",
      },
      {
        type: "tool-output-error",
        toolCallId: "t0",
        errorText: "The model's answer ended before this tool call was complete.",
      },
      { type: "finish-step" },
    ]);
  });

  it("ends the calls a discarded attempt announced when the model call is retried", () => {
    const chunks = chunksOf([
      { type: "tool-input-start", toolUseId: "t0", toolName: "lookup" },
      { type: "tool-call", toolUseId: "t0", toolName: "lookup", input: {} },
      {
        type: "retry",
        operation: "ConverseStream",
        attempt: 1,
        delayMs: 0,
        code: "throttled",
        message: "slow down",
        discardsPartialStep: true,
      },
    ]);
    expect(chunks.at(-1)).toEqual({
      type: "tool-output-error",
      toolCallId: "t0",
      errorText: "The model call failed and was retried.",
    });
  });

  it("keeps a citation inside its own text block and numbers the block's sources", () => {
    const document = {
      title: "Guide",
      source: "guide.txt",
      location: { documentChar: { documentIndex: 0, start: 0, end: 3 } },
    };
    const web = {
      title: "Weather site",
      location: { web: { url: "https://example.com/w", domain: "example.com" } },
    };
    const chunks = chunksOf([
      { type: "citation", id: "1:0", citation: document },
      { type: "text-start", id: "1:0" },
      { type: "text-delta", id: "1:0", text: "Sun" },
      { type: "citation", id: "1:0", citation: web },
      { type: "text-delta", id: "1:0", text: "ny" },
    ]);

    expect(chunks).toEqual([
      {
        type: "source-document",
        sourceId: "1:0#1",
        mediaType: "text/plain",
        title: "Guide",
        filename: "guide.txt",
        providerMetadata: { bedrock: { citation: document } },
      },
      { type: "text-start", id: "1:0" },
      { type: "text-delta", id: "1:0", delta: "Sun" },
      {
        type: "source-url",
        sourceId: "1:0#2",
        url: "https://example.com/w",
        title: "Weather site",
        providerMetadata: { bedrock: { citation: web } },
      },
      { type: "text-delta", id: "1:0", delta: "ny" },
    ]);
  });

  it("maps tool results: JSON as the output, errors as their text", () => {
    expect(
      chunksOf([
        { type: "tool-call", toolUseId: "t1", toolName: "a", input: { x: 1 } },
        {
          type: "tool-result",
          toolUseId: "t1",
          toolName: "a",
          status: "success",
          content: [{ json: { ok: true } }],
          durationMs: 1,
        },
        { type: "tool-call", toolUseId: "t2", toolName: "b", input: {} },
        {
          type: "tool-result",
          toolUseId: "t2",
          toolName: "b",
          status: "error",
          content: [{ text: "Boom." }],
          durationMs: 1,
        },
      ]),
    ).toEqual([
      { type: "tool-input-available", toolCallId: "t1", toolName: "a", input: { x: 1 } },
      { type: "tool-output-available", toolCallId: "t1", output: { ok: true } },
      { type: "tool-input-available", toolCallId: "t2", toolName: "b", input: {} },
      { type: "tool-output-error", toolCallId: "t2", errorText: "Boom." },
    ]);
  });

  it("leaves out the structured-output tool, whose input is the run's output", () => {
    expect(
      chunksOf([
        { type: "tool-input-start", toolUseId: "t1", toolName: "final_output" },
        { type: "tool-input-delta", toolUseId: "t1", delta: "{}", partialInput: {} },
        { type: "step-end", stopReason: "tool_use", usage },
      ]),
    ).toEqual([]);
  });

  it("starts with the message id and finishes with the stop reason and metadata", () => {
    const result = { stopReason: "end_turn", usage } as RunResult<unknown>;
    expect(
      chunksOf(
        [
          { type: "run-start", input: [] },
          { type: "run-end", result },
        ],
        {
          messageMetadata: (event) =>
            event.type === "run-end" ? { tokens: event.result.usage.totalTokens } : undefined,
        },
      ),
    ).toEqual([
      { type: "start", messageId: "run_1" },
      { type: "finish", finishReason: "stop", messageMetadata: { tokens: 2 } },
    ]);
  });

  it("ends a failed run with error and finish, an aborted one with abort", () => {
    const failed = new LodeError("throttled", "Slow down.");
    const aborted = new LodeError("aborted", "The run was aborted.");
    expect(
      chunksOf([{ type: "run-error", code: failed.code, message: failed.message, error: failed }]),
    ).toEqual([
      { type: "error", errorText: "Slow down." },
      { type: "finish", finishReason: "error" },
    ]);
    expect(
      chunksOf([{ type: "run-error", code: "throttled", message: "Slow down.", error: failed }], {
        errorText: () => "Something went wrong.",
      })[0],
    ).toEqual({ type: "error", errorText: "Something went wrong." });
    expect(
      chunksOf([{ type: "run-error", code: aborted.code, message: aborted.message, error: aborted }]),
    ).toEqual([{ type: "abort", reason: "The run was aborted." }]);
  });
});
