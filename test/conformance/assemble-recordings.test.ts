import { describe, expect, test } from "vitest";
import { loadStreamedExchanges } from "../support/recordings.js";
import { assemble, converseOutput, exchangeNamed } from "./support/assemble-recorded-stream.js";
import { meantStepFromEvents } from "./support/message-from-events.js";
import { blockStructures, structureOf } from "./support/message-structure.js";

const streamed = loadStreamedExchanges();

describe("Lode's assembly of every recorded ConverseStream response", () => {
  test("covers every ConverseStream exchange answered with a 200 event stream", () => {
    expect(streamed.map((exchange) => exchange.name)).toEqual([
      "converse-stream.citations.claude-sonnet-4.json#0",
      "converse-stream.guardrail-intervened.trace.nova-lite.json#0",
      "converse-stream.reasoning.empty-text-delta.gpt-oss-120b.json#0",
      "converse-stream.reasoning.redacted.claude-3-7-sonnet.json#0",
      "converse-stream.reasoning.signature.claude-sonnet-4.json#0",
      "converse-stream.server-tool.code-interpreter.nova-2-lite.json#0",
      "converse-stream.structured-output.claude-sonnet-4-5.json#0",
      "converse-stream.text.client-cancel.nova-micro.json#0",
      "converse-stream.text.live-eu.claude-sonnet-4-6.json#0",
      "converse-stream.text.llama3-2-1b.json#0",
      "converse-stream.text.mistral-7b.json#0",
      "converse-stream.tool-use.parallel.nova-micro.json#0",
      "converse-stream.tool-use.parallel.nova-micro.json#1",
      "converse-stream.tool-use.text-then-tool.claude-3-sonnet.json#0",
    ]);
  });

  test.each(streamed)("assembles the message the events describe: $name", async (exchange) => {
    const { outcome } = await assemble(exchange);
    const meant = meantStepFromEvents(exchange.response.events);
    expect(outcome.message).toEqual(meant.message);
    expect(outcome.message).toStrictEqual(meant.message);
    expect(outcome.stopReason).toBe(meant.stopReason);
    expect(outcome.usage).toEqual(meant.usage);
    expect(outcome.additionalModelResponseFields).toEqual(meant.additionalModelResponseFields);
    expect(outcome.trace).toEqual(meant.trace);
    expect(outcome.requestId).toBe(exchange.response.headers["x-amzn-requestid"]);
  });

  test.each(streamed)("streams deltas that add up to the assembled message: $name", async (exchange) => {
    const { outcome, events } = await assemble(exchange);
    const content = outcome.message.content ?? [];
    const streamedText = events
      .flatMap((event) => (event.type === "text-delta" ? [event.text] : []))
      .join("");
    const assembledText = content
      .map((block) => block.text ?? block.citationsContent?.content?.map((part) => part.text).join("") ?? "")
      .join("");
    expect(streamedText).toBe(assembledText);

    const reasoning = events
      .flatMap((event) => (event.type === "reasoning-delta" ? [event.text] : []))
      .join("");
    expect(reasoning).toBe(
      content.map((block) => block.reasoningContent?.reasoningText?.text ?? "").join(""),
    );

    const clientToolUses = content.flatMap((block) =>
      block.toolUse && block.toolUse.type !== "server_tool_use" ? [block.toolUse] : [],
    );
    const starts = events.filter((event) => event.type === "tool-input-start");
    expect(starts.map((event) => [event.toolUseId, event.toolName])).toEqual(
      clientToolUses.map((use) => [use.toolUseId, use.name]),
    );
    for (const use of clientToolUses) {
      const deltas = events.flatMap((event) =>
        event.type === "tool-input-delta" && event.toolUseId === use.toolUseId ? [event] : [],
      );
      expect(deltas.at(-1)?.partialInput).toEqual(use.input);
      const assembled = outcome.toolUses.find((tool) => tool.toolUseId === use.toolUseId);
      expect(assembled?.rawInput).toBe(deltas.map((event) => event.delta).join(""));
      expect(assembled?.input).toEqual(use.input);
    }
  });
});

describe("what the recordings hold, pinned so the expectation above cannot drift with Lode", () => {
  test("keeps gpt-oss's reasoning without a signature and drops its empty first text block", async () => {
    const { outcome } = await assemble(
      exchangeNamed("converse-stream.reasoning.empty-text-delta.gpt-oss-120b.json"),
    );
    expect(outcome.message.content).toEqual([
      {
        reasoningContent: {
          reasoningText: {
            text: 'The user just says "Hi". We need to respond appropriately, friendly greeting. No special instructions. Should be short.',
          },
        },
      },
      { text: "Hello! How can I help you today?" },
    ]);
  });

  test("keeps Claude's reasoning text with its whole signature", async () => {
    const exchange = exchangeNamed("converse-stream.reasoning.signature.claude-sonnet-4.json");
    const { outcome } = await assemble(exchange);
    const [reasoning, text] = outcome.message.content ?? [];
    expect(reasoning?.reasoningContent?.reasoningText?.text).toMatch(
      /^The user has greeted me with a simple "Hello"\./,
    );
    expect(reasoning?.reasoningContent?.reasoningText?.signature).toMatch(/^Eu0CCkgIBxAB/);
    expect(text).toEqual({ text: "Hello! It's nice to meet you. How can I help you today?" });
  });

  test("keeps both redacted reasoning blocks as bytes, before the text", async () => {
    const { outcome } = await assemble(
      exchangeNamed("converse-stream.reasoning.redacted.claude-3-7-sonnet.json"),
    );
    const content = outcome.message.content ?? [];
    expect(content.map((block) => Object.keys(block.reasoningContent ?? block))).toEqual([
      ["redactedContent"],
      ["redactedContent"],
      ["text"],
    ]);
    const first = content[0]?.reasoningContent?.redactedContent;
    expect(first).toBeInstanceOf(Uint8Array);
    // Bedrock's bytes are themselves base64 text, so the SDK's decode of the event gives "EtkE…".
    expect(first).toHaveLength(808);
    expect(Buffer.from(first ?? []).toString("latin1")).toMatch(/^EtkECkgIBxABGAIq/);
  });

  test("keeps each citation with its cited text as citationsContent between plain text blocks", async () => {
    const { outcome } = await assemble(exchangeNamed("converse-stream.citations.claude-sonnet-4.json"));
    const content = outcome.message.content ?? [];
    expect(content.map((block) => Object.keys(block)[0])).toEqual([
      "text",
      ...Array.from({ length: 6 }, () => ["citationsContent", "text"]).flat(),
    ]);
    expect(content[1]?.citationsContent).toEqual({
      content: [
        {
          text: "generative artificial intelligence refers to models that predict and generate various types of outputs (such as text, images, or audio) based on what's statistically likely, pulling from patterns they've learned from their training data",
        },
      ],
      citations: [
        {
          title: "document",
          location: { documentPage: { documentIndex: 0, start: 1, end: 2 } },
          sourceContent: [
            {
              // The PDF text has a no-break space after "intelligence".
              text: "AI 1\r\nAI\r\nGenerative artificial intelligence\u00a0refers to models that predict and generate\r\nvarious types of outputs (such as text, images, or audio) based on what’s\r\nstatistically likely, pulling from patterns they’ve learned from their training data.\r\n",
            },
          ],
        },
      ],
    });
  });

  test("keeps the Nova code interpreter's server tool use and its result, then the client tool use", async () => {
    const { outcome } = await assemble(
      exchangeNamed("converse-stream.server-tool.code-interpreter.nova-2-lite.json"),
    );
    expect(outcome.message.content).toEqual([
      {
        toolUse: {
          toolUseId: "tooluse_VQNZJRUFMoqZzszVsRd4og",
          name: "nova_code_interpreter",
          type: "server_tool_use",
          input: { snippet: "1234 * 5678" },
        },
      },
      {
        toolResult: {
          toolUseId: "tooluse_VQNZJRUFMoqZzszVsRd4og",
          type: "nova_code_interpreter_result",
          status: "success",
          content: [{ json: { stdOut: "7006652", stdErr: "", exitCode: 0, isError: false } }],
        },
      },
      {
        toolUse: {
          toolUseId: "tooluse_ptgCcZ0uQu-UUMz0abqoWw",
          name: "final_result",
          type: "tool_use",
          input: { result: 7006652 },
        },
      },
    ]);
    expect(outcome.toolUses.find((use) => use.toolUseId === "tooluse_ptgCcZ0uQu-UUMz0abqoWw")?.rawInput).toBe(
      '{"result":7006652.0}',
    );
  });

  test("joins Claude 3's tool input from pieces that begin with an empty one", async () => {
    const { outcome } = await assemble(
      exchangeNamed("converse-stream.tool-use.text-then-tool.claude-3-sonnet.json"),
    );
    expect(outcome.stopReason).toBe("tool_use");
    expect(outcome.message.content?.[1]).toEqual({
      toolUse: {
        toolUseId: "tooluse_yypYDr71TwCwByoyao4-Vg",
        name: "get_weather",
        input: { location: "Barcelona" },
      },
    });
  });

  test("reports the guardrail's stop reason and trace, and the usage", async () => {
    const { outcome } = await assemble(
      exchangeNamed("converse-stream.guardrail-intervened.trace.nova-lite.json"),
    );
    expect(outcome.stopReason).toBe("guardrail_intervened");
    expect(outcome.trace?.guardrail?.inputAssessment).toHaveProperty("v9kpg6yrwhs2");
    expect(outcome.message.content).toEqual([
      { text: "{ADDRESS} is the capital of Japan {Account Number}." },
    ]);
  });
});

/**
 * Streamed recordings whose corpus has a non-streamed Converse recording of the same kind. "same-message":
 * the same prompt got the same answer, so the messages are equal; "same-structure": the same kinds of
 * blocks in the same order (runs of one kind counted once); "block-kinds": every streamed block has the
 * structure of one of the Converse blocks (the Converse answer did more).
 */
const COUNTERPARTS = [
  {
    stream: "converse-stream.guardrail-intervened.trace.nova-lite.json#0",
    converse: "converse.guardrail-intervened.trace.nova-lite.json#0",
    match: "same-message",
  },
  {
    stream: "converse-stream.structured-output.claude-sonnet-4-5.json#0",
    converse: "converse.structured-output.claude-sonnet-4-6.json#0",
    match: "same-message",
  },
  {
    stream: "converse-stream.reasoning.redacted.claude-3-7-sonnet.json#0",
    converse: "converse.reasoning.redacted.claude-3-7-sonnet.json#0",
    match: "same-structure",
  },
  {
    stream: "converse-stream.server-tool.code-interpreter.nova-2-lite.json#0",
    converse: "converse.server-tool.code-interpreter.nova-2-lite.json#0",
    match: "same-structure",
  },
  {
    stream: "converse-stream.tool-use.parallel.nova-micro.json#0",
    converse: "converse.tool-use.parallel.nova-micro.json#0",
    match: "same-structure",
  },
  {
    stream: "converse-stream.tool-use.parallel.nova-micro.json#1",
    converse: "converse.tool-use.parallel.nova-micro.json#1",
    match: "same-structure",
  },
  {
    stream: "converse-stream.tool-use.text-then-tool.claude-3-sonnet.json#0",
    converse: "converse.tool-use.parallel.nova-micro.json#0",
    match: "same-structure",
  },
  {
    stream: "converse-stream.reasoning.signature.claude-sonnet-4.json#0",
    converse: "converse.reasoning.signature.tool-use.claude-3-7-sonnet.json#0",
    match: "block-kinds",
  },
  ...[
    "converse-stream.text.client-cancel.nova-micro.json#0",
    "converse-stream.text.live-eu.claude-sonnet-4-6.json#0",
    "converse-stream.text.llama3-2-1b.json#0",
    "converse-stream.text.mistral-7b.json#0",
  ].map((stream) => ({
    stream,
    converse: "converse.performance-config.nova-pro.json#0",
    match: "same-structure",
  })),
] as const;

describe("Lode's streamed assembly against the non-streamed Converse answer of the same kind", () => {
  test.each(COUNTERPARTS)(
    "matches the Converse answer of the same kind ($match): $stream vs $converse",
    async ({ stream, converse, match }) => {
      const { outcome } = await assemble(exchangeNamed(stream));
      const output = await converseOutput(exchangeNamed(converse));
      const converseMessage = output.output?.message;
      expect(converseMessage?.role).toBe("assistant");
      const converseContent = converseMessage?.content ?? [];
      const content = outcome.message.content ?? [];
      if (match === "same-message") {
        expect(outcome.message).toEqual(converseMessage);
      } else if (match === "same-structure") {
        expect(blockStructures(content)).toEqual(blockStructures(converseContent));
      } else {
        const known = converseContent.map((block) => JSON.stringify(structureOf(block)));
        for (const block of content) expect(known).toContain(JSON.stringify(structureOf(block)));
      }
      if (match !== "block-kinds" && !stream.includes(".text."))
        expect(outcome.stopReason).toBe(output.stopReason);
      expect(structureOf(outcome.usage)).toMatchObject({ inputTokens: "number", outputTokens: "number" });
    },
  );
});
