import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  requestBody,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const lookup = defineTool({
  name: "lookup",
  description: "Looks a term up.",
  input: z.object({ term: z.string(), limit: z.number().optional() }),
  run: ({ term }) => `Found ${term}.`,
});

const THINKING = { thinking: { type: "enabled", budget_tokens: 1024 } };

describe("assembling the assistant message", () => {
  test("sends reasoning and its signature back unchanged on the next step", async () => {
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { reasoning: "I should look up the term first." },
            { toolUse: { name: "lookup", input: { term: "lode" }, id: "tu_1" } },
          ],
          chunkSize: 5,
        },
        { text: "A lode is a vein of ore." },
      ),
      { tools: [lookup], additionalModelRequestFields: THINKING },
    );
    const stream = harness.agent.stream("What is a lode?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const signature = eventsOfType(events, "reasoning-signature")[0]?.signature;
    expect(signature).toEqual(expect.any(String));
    const assistant = requestBody(harness.server, 1).messages[1];
    expect(assistant.content[0]).toEqual({
      reasoningContent: { reasoningText: { text: "I should look up the term first.", signature } },
    });
    expect(result.steps[0]?.message.content?.[0]).toEqual({
      reasoningContent: { reasoningText: { text: "I should look up the term first.", signature } },
    });
    expect(result.text).toBe("A lode is a vein of ore.");
  });

  test("sends redacted reasoning back as the bytes it arrived as", async () => {
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { redactedReasoning: "private chain of thought" },
            { toolUse: { name: "lookup", input: { term: "ore" }, id: "tu_1" } },
          ],
        },
        { text: "Done." },
      ),
      { tools: [lookup], additionalModelRequestFields: THINKING },
    );
    const stream = harness.agent.stream("Look up ore.");
    const events = await collectEvents(stream);
    await stream.result;

    const data = eventsOfType(events, "reasoning-redacted")[0]?.data;
    expect(data).toBeInstanceOf(Uint8Array);
    expect(requestBody(harness.server, 1).messages[1].content[0]).toEqual({
      reasoningContent: { redactedContent: Buffer.from(data as Uint8Array).toString("base64") },
    });
  });

  test("keeps the cited text with its citations, in the result and on the next request", async () => {
    const citation = {
      title: "Handbook",
      source: "handbook.txt",
      sourceContent: [{ text: "Ore veins are called lodes." }],
      location: { documentChar: { documentIndex: 0, start: 0, end: 27 } },
    };
    const harness = await startAgent(
      scriptOf(
        { content: [{ text: "A lode is an ore vein.", citations: [citation] }] },
        { text: "Glad to help." },
      ),
    );
    const first = await harness.agent.run("What is a lode?", { sessionId: "s" });
    await harness.agent.run("Thanks!", { sessionId: "s" });

    const cited = {
      citationsContent: { content: [{ text: "A lode is an ore vein." }], citations: [citation] },
    };
    expect(first.messages[1]).toEqual({ role: "assistant", content: [cited] });
    expect(first.text).toBe("A lode is an ore vein.");
    expect(requestBody(harness.server, 1).messages[1]).toEqual({ role: "assistant", content: [cited] });
  });

  test("assembles parallel tool uses whose JSON input arrives in small pieces", async () => {
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { text: "Looking up both." },
            { toolUse: { name: "lookup", input: { term: "gold vein", limit: 3 }, id: "tu_a" } },
            { toolUse: { name: "lookup", input: { term: 'silver "lode"' }, id: "tu_b" } },
          ],
          chunkSize: 3,
        },
        { text: "Both found." },
      ),
      { tools: [lookup] },
    );
    const stream = harness.agent.stream("Look up two things.");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const deltasOf = (id: string) =>
      eventsOfType(events, "tool-input-delta").filter((event) => event.toolUseId === id);
    expect(deltasOf("tu_a").length).toBeGreaterThan(5);
    expect(deltasOf("tu_a").at(-1)?.partialInput).toEqual({ term: "gold vein", limit: 3 });
    expect(deltasOf("tu_b").at(-1)?.partialInput).toEqual({ term: 'silver "lode"' });
    expect(result.steps[0]?.message.content).toEqual([
      { text: "Looking up both." },
      { toolUse: { toolUseId: "tu_a", name: "lookup", input: { term: "gold vein", limit: 3 } } },
      { toolUse: { toolUseId: "tu_b", name: "lookup", input: { term: 'silver "lode"' } } },
    ]);
    expect(requestBody(harness.server, 1).messages[1]).toEqual(result.steps[0]?.message);
    expect(toolResultsSent(harness.server, 1)).toEqual([
      { toolUseId: "tu_a", status: "success", content: [{ text: "Found gold vein." }] },
      { toolUseId: "tu_b", status: "success", content: [{ text: 'Found silver "lode".' }] },
    ]);
  });
});
