import { type UIMessageChunk as LodeUIMessageChunk, UI_MESSAGE_STREAM_HEADERS } from "@lode/core";
import { defineTool } from "@lode/tools";
import { parseJsonEventStream, type UIMessageChunk, uiMessageChunkSchema } from "ai";
import { describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { startScriptedAgent } from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { readMessage } from "./support/read-ui-message.js";
import { serveAgent, TRANSPORTS } from "./support/serve-agent.js";

const track = closeAfterEach();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: city === "Paris" ? "sunny" : "cloudy" }),
});

const citation = (title: string, text: string) => ({
  title,
  sourceContent: [{ text }],
  location: { documentPage: { documentIndex: 0, start: 1, end: 2 } },
});

/** Reasoning, then two tool calls in one step; then an answer citing two documents. */
const script = {
  models: {
    "*": {
      turns: [
        {
          content: [
            { reasoning: "Two cities: call the weather tool for both at once.", signed: true },
            { text: "Let me check both cities." },
            { toolUse: { name: "get_weather", input: { city: "Paris" }, id: "tu_paris" } },
            { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_oslo" } },
          ],
          chunkSize: 5,
        },
        {
          content: [
            { text: "Paris is sunny", citations: [citation("Paris report", "Sunny in Paris.")] },
            { text: " and Oslo is cloudy.", citations: [citation("Oslo report", "Cloudy in Oslo.")] },
          ],
          chunkSize: 5,
        },
      ],
    },
  },
};

test("Lode's chunk type fits the ai package's UIMessageChunk", () => {
  expectTypeOf<LodeUIMessageChunk>().toExtend<UIMessageChunk>();
});

describe.each(TRANSPORTS)("the UI message stream (%s)", (transport) => {
  test("builds, in the ai package's own reader, the message a chat shows", async () => {
    const harness = track(await startScriptedAgent(script, { tools: [weather] }));
    const server = track(await serveAgent(harness.agent, transport, "ui"));

    const response = await fetch(server.url, { method: "POST", body: JSON.stringify({ input: "Weather?" }) });
    const { message, errors } = await readMessage(response);

    const result = await server.streams[0]!.result;
    expect(errors).toEqual([]);
    for (const [name, value] of Object.entries(UI_MESSAGE_STREAM_HEADERS))
      expect(response.headers.get(name)).toBe(value);
    expect(message.id).toBe(result.runId);
    expect(message.role).toBe("assistant");
    expect(message.parts.map((part) => part.type)).toEqual([
      "step-start",
      "reasoning",
      "text",
      "tool-get_weather",
      "tool-get_weather",
      "step-start",
      "source-document",
      "text",
      "source-document",
      "text",
    ]);
    const [, reasoning, intro, paris, oslo, , parisSource, parisText, osloSource, osloText] = message.parts;
    expect(reasoning).toMatchObject({
      type: "reasoning",
      text: "Two cities: call the weather tool for both at once.",
      state: "done",
      providerMetadata: { bedrock: { signature: expect.any(String) } },
    });
    expect(intro).toMatchObject({ type: "text", text: "Let me check both cities.", state: "done" });
    expect(paris).toMatchObject({
      toolCallId: "tu_paris",
      state: "output-available",
      input: { city: "Paris" },
      output: { city: "Paris", sky: "sunny" },
    });
    expect(oslo).toMatchObject({
      toolCallId: "tu_oslo",
      state: "output-available",
      input: { city: "Oslo" },
      output: { city: "Oslo", sky: "cloudy" },
    });
    expect(parisSource).toMatchObject({
      type: "source-document",
      title: "Paris report",
      mediaType: "application/pdf",
      providerMetadata: { bedrock: { citation: { sourceContent: [{ text: "Sunny in Paris." }] } } },
    });
    expect(osloSource).toMatchObject({ type: "source-document", title: "Oslo report" });
    expect(parisText).toMatchObject({ type: "text", text: "Paris is sunny", state: "done" });
    expect(osloText).toMatchObject({ type: "text", text: " and Oslo is cloudy.", state: "done" });
  });

  test("marks the first of two parallel calls available before the second starts streaming", async () => {
    const harness = track(await startScriptedAgent(script, { tools: [weather] }));
    const server = track(await serveAgent(harness.agent, transport, "ui"));

    const response = await fetch(server.url, { method: "POST", body: JSON.stringify({ input: "Weather?" }) });
    const chunks: { type: string; toolCallId?: string }[] = [];
    const reader = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema }).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read())
      if (next.value.success) chunks.push(next.value.value);

    const position = (type: string, toolCallId: string) =>
      chunks.findIndex((chunk) => chunk.type === type && chunk.toolCallId === toolCallId);
    expect(position("tool-input-available", "tu_paris")).toBeGreaterThan(-1);
    expect(position("tool-input-available", "tu_paris")).toBeLessThan(
      position("tool-input-start", "tu_oslo"),
    );
    expect(position("tool-input-available", "tu_oslo")).toBeLessThan(
      position("tool-output-available", "tu_paris"),
    );
  });

  test("shows a failing tool as an output error, its progress passing the ai schema", async () => {
    const flaky = defineTool({
      name: "flaky",
      description: "Reports progress, then fails.",
      input: z.object({}),
      run: (_input, context) => {
        context.progress({ percent: 50 });
        throw new Error("The service is down.");
      },
    });
    const harness = track(
      await startScriptedAgent(
        {
          models: {
            "*": {
              turns: [
                { content: [{ toolUse: { name: "flaky", input: {}, id: "tu_1" } }] },
                { text: "Sorry." },
              ],
            },
          },
        },
        { tools: [flaky] },
      ),
    );
    const server = track(await serveAgent(harness.agent, transport, "ui"));

    const response = await fetch(server.url, { method: "POST", body: JSON.stringify({ input: "Go" }) });
    const { message, errors } = await readMessage(response);

    expect(errors).toEqual([]);
    expect(message.parts.find((part) => part.type === "tool-flaky")).toMatchObject({
      toolCallId: "tu_1",
      state: "output-error",
      errorText: expect.stringContaining("The service is down."),
    });
    expect(message.parts.at(-1)).toMatchObject({ type: "text", text: "Sorry." });
  });

  test("ends a failed run with an error the ai reader reports", async () => {
    const harness = track(
      await startScriptedAgent({
        models: {
          "*": { turns: [{ error: { type: "AccessDeniedException", message: "No access to this model." } }] },
        },
      }),
    );
    const server = track(await serveAgent(harness.agent, transport, "ui"));

    const response = await fetch(server.url, { method: "POST", body: JSON.stringify({ input: "Hi" }) });
    const { errors } = await readMessage(response);

    expect(errors.map((error) => (error as Error).message)).toEqual([expect.stringContaining("No access")]);
  });
});
