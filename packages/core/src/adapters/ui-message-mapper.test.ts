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

/** The chunks of `events` (stamped with run id, step 1 and an unnamed agent's path), in order. */
function chunksOf(events: UnstampedEvent[], options: UIMessageStreamOptions = {}) {
  const map = createUIMessageMapper(options);
  return events.flatMap((event) =>
    map({ ...event, runId: "run_1", step: 1, agentPath: ["agent"] } as AgentEvent),
  );
}

/** An event of run `runId` by the agent at `agentPath`, at `step`. */
function by(runId: string, agentPath: string[], event: UnstampedEvent, step = 1): AgentEvent {
  return { ...event, runId, step, agentPath } as AgentEvent;
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
      { type: "start", messageId: "run_1", messageMetadata: { agent: "agent", agentPath: ["agent"] } },
      {
        type: "finish",
        finishReason: "stop",
        messageMetadata: { agent: "agent", agentPath: ["agent"], tokens: 2 },
      },
    ]);
  });

  it("sends metadata that is not an object alone, and then names no agent", () => {
    const result = { stopReason: "end_turn", usage } as RunResult<unknown>;
    const map = createUIMessageMapper({ messageMetadata: () => "v2" });
    expect(
      [
        by("run_1", ["triage"], { type: "run-start", input: [] }),
        by("run_1", ["billing"], { type: "step-start" }, 1),
        by("run_1", ["billing"], { type: "run-end", result }),
      ].flatMap(map),
    ).toEqual([
      { type: "start", messageId: "run_1", messageMetadata: "v2" },
      { type: "start-step" },
      { type: "finish-step" },
      { type: "finish", finishReason: "stop", messageMetadata: "v2" },
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

  describe("with several agents", () => {
    const result = { stopReason: "end_turn", usage } as RunResult<unknown>;

    it("names the speaker, marks the handoff and names the new speaker from its first step", () => {
      const map = createUIMessageMapper();
      const chunks = [
        by("run_1", ["triage"], { type: "run-start", input: [] }, 0),
        by("run_1", ["triage"], { type: "step-start" }),
        by("run_1", ["triage"], {
          type: "tool-input-start",
          toolUseId: "t1",
          toolName: "transfer_to_billing",
        }),
        by("run_1", ["triage"], {
          type: "tool-call",
          toolUseId: "t1",
          toolName: "transfer_to_billing",
          input: { reason: "A refund." },
        }),
        by("run_1", ["triage"], {
          type: "tool-result",
          toolUseId: "t1",
          toolName: "transfer_to_billing",
          status: "success",
          content: [{ text: "Transferred to billing." }],
          durationMs: 0,
        }),
        by("run_1", ["triage"], { type: "step-end", stopReason: "tool_use", usage }),
        by("run_1", ["triage"], {
          type: "handoff",
          toolUseId: "t1",
          from: "triage",
          to: "billing",
          reason: "A refund.",
        }),
        by("run_1", ["billing"], { type: "step-start" }, 2),
        by("run_1", ["billing"], { type: "text-start", id: "2:0" }, 2),
        by("run_1", ["billing"], { type: "step-end", stopReason: "end_turn", usage }, 2),
        by("run_1", ["billing"], { type: "run-end", result }, 2),
      ].flatMap(map);
      expect(chunks).toEqual([
        { type: "start", messageId: "run_1", messageMetadata: { agent: "triage", agentPath: ["triage"] } },
        { type: "start-step" },
        { type: "tool-input-start", toolCallId: "t1", toolName: "transfer_to_billing" },
        {
          type: "tool-input-available",
          toolCallId: "t1",
          toolName: "transfer_to_billing",
          input: { reason: "A refund." },
        },
        { type: "tool-output-available", toolCallId: "t1", output: "Transferred to billing." },
        { type: "finish-step" },
        {
          type: "data-handoff",
          id: "t1",
          data: {
            from: "triage",
            to: "billing",
            reason: "A refund.",
            agentPath: ["triage"],
            toolCallId: "t1",
          },
        },
        { type: "message-metadata", messageMetadata: { agent: "billing", agentPath: ["billing"] } },
        { type: "start-step" },
        { type: "text-start", id: "2:0" },
        { type: "text-end", id: "2:0" },
        { type: "finish-step" },
        {
          type: "finish",
          finishReason: "stop",
          messageMetadata: { agent: "billing", agentPath: ["billing"] },
        },
      ]);
    });

    it("gives a sub-agent's text and calls their own marked parts, inside the caller's step", () => {
      const map = createUIMessageMapper();
      const sup = ["support"];
      const docs = ["support", "docs"];
      const marker = { lode: { agentPath: docs, runId: "run_2", parentToolCallId: "t_ask" } };
      const chunks = [
        by("run_1", sup, { type: "run-start", input: [] }, 0),
        by("run_1", sup, { type: "step-start" }),
        by("run_1", sup, {
          type: "tool-call",
          toolUseId: "t_ask",
          toolName: "docs",
          input: { task: "Find it." },
        }),
        by(
          "run_2",
          docs,
          { type: "run-start", input: [], parent: { runId: "run_1", toolUseId: "t_ask", agentPath: sup } },
          0,
        ),
        by("run_2", docs, { type: "step-start" }),
        by("run_2", docs, { type: "text-start", id: "1:0" }),
        by("run_2", docs, { type: "text-delta", id: "1:0", text: "Looking." }),
        by("run_2", docs, { type: "text-end", id: "1:0" }),
        by("run_2", docs, { type: "tool-input-start", toolUseId: "t_search", toolName: "search" }),
        by("run_2", docs, {
          type: "tool-call",
          toolUseId: "t_search",
          toolName: "search",
          input: { q: "x" },
        }),
        by("run_2", docs, {
          type: "tool-result",
          toolUseId: "t_search",
          toolName: "search",
          status: "success",
          content: [{ json: { hits: 1 } }],
          durationMs: 0,
        }),
        by("run_2", docs, { type: "step-end", stopReason: "tool_use", usage }),
        by("run_2", docs, { type: "step-start" }, 2),
        by("run_2", docs, { type: "reasoning-start", id: "2:0" }, 2),
        by("run_2", docs, { type: "reasoning-signature", id: "2:0", signature: "s" }, 2),
        by("run_2", docs, { type: "step-end", stopReason: "end_turn", usage }, 2),
        by("run_2", docs, { type: "run-end", result }, 2),
        by("run_1", sup, {
          type: "tool-result",
          toolUseId: "t_ask",
          toolName: "docs",
          status: "success",
          content: [{ text: "Found." }],
          durationMs: 0,
        }),
        by("run_1", sup, { type: "step-end", stopReason: "tool_use", usage }),
        by("run_1", sup, { type: "step-start" }, 2),
        by("run_1", sup, { type: "text-start", id: "1:0" }, 2),
        by("run_1", sup, { type: "text-end", id: "1:0" }, 2),
        by("run_1", sup, { type: "run-end", result }, 2),
      ].flatMap(map);
      expect(chunks).toEqual([
        { type: "start", messageId: "run_1", messageMetadata: { agent: "support", agentPath: sup } },
        { type: "start-step" },
        { type: "tool-input-available", toolCallId: "t_ask", toolName: "docs", input: { task: "Find it." } },
        { type: "text-start", id: "run_2/1:0", providerMetadata: marker },
        { type: "text-delta", id: "run_2/1:0", delta: "Looking." },
        { type: "text-end", id: "run_2/1:0" },
        { type: "tool-input-start", toolCallId: "t_search", toolName: "search", providerMetadata: marker },
        {
          type: "tool-input-available",
          toolCallId: "t_search",
          toolName: "search",
          input: { q: "x" },
          providerMetadata: marker,
        },
        { type: "tool-output-available", toolCallId: "t_search", output: { hits: 1 } },
        { type: "reasoning-start", id: "run_2/2:0", providerMetadata: marker },
        // The sub-run's step ended with its reasoning open: closed then, keeping the marker and signature.
        {
          type: "reasoning-end",
          id: "run_2/2:0",
          providerMetadata: { bedrock: { signature: "s" }, ...marker },
        },
        { type: "tool-output-available", toolCallId: "t_ask", output: "Found." },
        { type: "finish-step" },
        { type: "start-step" },
        { type: "text-start", id: "1:0" },
        { type: "text-end", id: "1:0" },
        { type: "finish-step" },
        { type: "finish", finishReason: "stop", messageMetadata: { agent: "support", agentPath: sup } },
      ]);
    });

    it("keeps parallel sub-agents' parts apart, and closes a failed sub-run's calls without ending the message", () => {
      const map = createUIMessageMapper();
      const sup = ["support"];
      const parent = (toolUseId: string) => ({ runId: "run_1", toolUseId, agentPath: sup });
      const chunks = [
        by("run_1", sup, { type: "run-start", input: [] }, 0),
        by("run_a", ["support", "a"], { type: "run-start", input: [], parent: parent("t_a") }, 0),
        by("run_b", ["support", "b"], { type: "run-start", input: [], parent: parent("t_b") }, 0),
        by("run_a", ["support", "a"], { type: "text-start", id: "1:0" }),
        by("run_b", ["support", "b"], { type: "text-start", id: "1:0" }),
        by("run_b", ["support", "b"], {
          type: "tool-call",
          toolUseId: "t_b1",
          toolName: "lookup",
          input: {},
        }),
        by("run_b", ["support", "b"], {
          type: "run-error",
          code: "throttled",
          message: "Slow down.",
          error: new LodeError("throttled", "Slow down."),
        }),
        by("run_a", ["support", "a"], { type: "text-delta", id: "1:0", text: "A" }),
      ].flatMap(map);
      expect(chunks.map((chunk) => [chunk.type, "id" in chunk ? chunk.id : ""])).toEqual([
        ["start", ""],
        ["text-start", "run_a/1:0"],
        ["text-start", "run_b/1:0"],
        ["tool-input-available", ""],
        ["text-end", "run_b/1:0"],
        ["tool-output-error", ""],
        ["text-delta", "run_a/1:0"],
      ]);
      expect(chunks[5]).toEqual({ type: "tool-output-error", toolCallId: "t_b1", errorText: "Slow down." });
    });
  });
});
