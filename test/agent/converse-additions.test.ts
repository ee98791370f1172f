import type { Message } from "@aws-sdk/client-bedrock-runtime";
import {
  type AgentStream,
  InMemoryConversationStore,
  toUIMessageStream,
  type UIMessageChunk,
} from "@lode/core";
import { defineTool, searchResults } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  readAll,
  requestBody,
  scriptedAgentPerTest,
  scriptOf,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** The UI message stream of a run, read to its end. */
function uiChunks(stream: AgentStream<unknown>): Promise<UIMessageChunk[]> {
  return readAll(toUIMessageStream(stream) as unknown as AsyncIterable<UIMessageChunk>);
}
const png = Buffer.alloc(900, 3).toString("base64");

describe("generated images", () => {
  test("arrive as one image event with the joined bytes, kept in the message and sent back", async () => {
    const harness = await startAgent(
      scriptOf(
        { content: [{ text: "Here:" }, { image: { format: "png", bytes: png } }], chunkSize: 4 },
        { text: "Done." },
      ),
    );
    const store = new InMemoryConversationStore();
    const agent = harness.createAgent({ store });
    const events = await collectEvents(agent.stream("Draw a square.", { sessionId: "s" }));
    const [image] = eventsOfType(events, "image");
    expect(image?.format).toBe("png");
    expect(Buffer.from(image?.data ?? new Uint8Array()).toString("base64")).toBe(png);
    const [answer] = eventsOfType(events, "message").map((event) => event.message);
    expect(answer?.content?.[1]?.image?.format).toBe("png");

    await agent.run("Thanks", { sessionId: "s" });
    const sent = requestBody(harness.server, 1).messages[1].content[1];
    expect(sent).toEqual({ image: { format: "png", source: { bytes: png } } });
  });

  test("become a file part of the UI message stream", async () => {
    const harness = await startAgent(scriptOf({ content: [{ image: { format: "png", bytes: png } }] }));
    const chunks = await uiChunks(harness.agent.stream("Draw."));
    expect(chunks).toContainEqual({
      type: "file",
      url: `data:image/png;base64,${png}`,
      mediaType: "image/png",
    });
  });
});

describe("audio in a request", () => {
  test("is sent as an audio block", async () => {
    const harness = await startAgent(scriptOf({ text: "You said hello." }));
    const message: Message = {
      role: "user",
      content: [
        { audio: { format: "mp3", source: { bytes: Buffer.from("mp3 bytes") } } },
        { text: "What did I say?" },
      ],
    };
    const result = await harness.agent.run([message]);
    expect(result.text).toBe("You said hello.");
    expect(requestBody(harness.server, 0).messages[0].content[0].audio.format).toBe("mp3");
  });
});

describe("citations", () => {
  const web = {
    title: "Nova",
    source: "https://example.com/nova",
    location: { web: { url: "https://example.com/nova", domain: "example.com" } },
  };

  test("from a system tool (nova_grounding) are citation events with web locations", async () => {
    const harness = await startAgent(
      scriptOf({
        content: [{ text: "Nova is new.", citations: [web] }],
        expect: { tools: ["nova_grounding"] },
      }),
      { systemTools: ["nova_grounding"] },
    );
    const events = await collectEvents(harness.agent.stream("What is Nova?"));
    expect(eventsOfType(events, "citation").map((event) => event.citation)).toEqual([web]);
    expect(requestBody(harness.server, 0).toolConfig.tools).toEqual([
      { systemTool: { name: "nova_grounding" } },
    ]);
    // A new conversation walks the script from its start again: the same cited answer, as a UI shows it.
    const chunks = await uiChunks(harness.agent.stream("What is Nova, in a UI?"));
    expect(chunks.find((chunk) => chunk.type === "source-url")).toMatchObject({
      url: "https://example.com/nova",
    });
  });

  test("of search results a tool returned carry searchResultLocation", async () => {
    const cited = {
      title: "Sales report",
      source: "https://example.com/report",
      sourceContent: [{ text: "Sales rose 12%." }],
      location: { searchResultLocation: { searchResultIndex: 0, start: 0, end: 1 } },
    };
    const search = defineTool({
      name: "search",
      description: "Searches the reports.",
      input: z.object({ query: z.string() }),
      run: () =>
        searchResults([
          { source: "https://example.com/report", title: "Sales report", content: "Sales rose 12%." },
        ]),
    });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "search", input: { query: "sales" } } }] },
        { content: [{ text: "Sales rose.", citations: [cited] }] },
      ),
      { tools: [search] },
    );
    const events = await collectEvents(harness.agent.stream("How are sales?"));
    expect(eventsOfType(events, "citation").map((event) => event.citation)).toEqual([cited]);
    const toolResult = requestBody(harness.server, 1).messages[2].content[0].toolResult;
    expect(toolResult.content[0].searchResult).toMatchObject({
      source: "https://example.com/report",
      citations: { enabled: true },
    });
  });
});

describe("search results in the input", () => {
  test("are sent as searchResult blocks, and cited back", async () => {
    const cited = {
      title: "Handbook",
      source: "https://example.com/handbook",
      location: { searchResultLocation: { searchResultIndex: 0, start: 0, end: 0 } },
    };
    const harness = await startAgent(scriptOf({ content: [{ text: "Ten days.", citations: [cited] }] }));
    const message: Message = {
      role: "user",
      content: [
        {
          searchResult: {
            source: "https://example.com/handbook",
            title: "Handbook",
            content: [{ text: "Staff get ten days of leave." }],
            citations: { enabled: true },
          },
        },
        { text: "How much leave do I get?" },
      ],
    };
    const events = await collectEvents(harness.agent.stream([message]));
    expect(eventsOfType(events, "citation").map((event) => event.citation)).toEqual([cited]);
    expect(requestBody(harness.server, 0).messages[0].content[0].searchResult.title).toBe("Handbook");
  });
});

describe("the service tier", () => {
  test("is sent as set, and the tier Bedrock says served each step is kept", async () => {
    const harness = await startAgent(scriptOf({ text: "Cheap." }), { serviceTier: { type: "flex" } });
    const result = await harness.agent.run("Hi");
    expect(requestBody(harness.server, 0).serviceTier).toEqual({ type: "flex" });
    expect(result.steps[0]?.serviceTier).toBe("flex");
  });
});

describe("cache points with a TTL", () => {
  test("are sent with their TTL, and the writes come back by TTL", async () => {
    const harness = await startAgent(scriptOf({ text: "One." }, { text: "Two." }), {
      system: "You are a very patient assistant. ".repeat(60),
      cachePoints: { system: { ttl: "1h" }, history: true },
    });
    const store = new InMemoryConversationStore();
    const agent = harness.createAgent({ store });
    const first = await agent.run("Hello", { sessionId: "cached" });
    expect(requestBody(harness.server, 0).system[1]).toEqual({ cachePoint: { type: "default", ttl: "1h" } });
    const usage = first.steps[0]?.usage;
    expect(usage?.cacheWriteInputTokensByTtl?.["1h"]).toBeGreaterThan(0);
    expect(usage?.cacheWriteInputTokensByTtl?.["5m"]).toBeGreaterThan(0);
    const second = await agent.run("Again", { sessionId: "cached" });
    expect(second.usage.cacheReadInputTokens).toBe(usage?.cacheWriteInputTokens);
  });
});

describe("malformed output", () => {
  test("a malformed tool use is asked for again once, and the run goes on", async () => {
    const harness = await startAgent({
      models: {
        "*": {
          selection: "sequential",
          turns: [{ text: "", stopReason: "malformed_tool_use" }, { text: "All good." }],
        },
      },
    });
    const events = await collectEvents(harness.agent.stream("Go"));
    const [retry] = eventsOfType(events, "retry");
    expect(retry).toMatchObject({ operation: "ConverseStream", code: "malformed-output", attempt: 1 });
    expect(eventsOfType(events, "run-end")[0]?.result.text).toBe("All good.");
  });

  test("a tool use malformed twice is a malformed-output error", async () => {
    const harness = await startAgent({
      models: {
        "*": { selection: "sequential", loop: true, turns: [{ text: "", stopReason: "malformed_tool_use" }] },
      },
    });
    const error = await lodeErrorOf(harness.agent.run("Go"));
    expect(error.code).toBe("malformed-output");
    expect(harness.server.requests).toHaveLength(2);
  });

  test("a malformed answer is a malformed-output error at once", async () => {
    const harness = await startAgent(scriptOf({ text: "garbled", stopReason: "malformed_model_output" }));
    const error = await lodeErrorOf(harness.agent.run("Go"));
    expect(error.code).toBe("malformed-output");
    expect(harness.server.requests).toHaveLength(1);
  });
});
