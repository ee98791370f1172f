import type { AgentOptions } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const lookup = defineTool({
  name: "lookup",
  description: "Looks a term up.",
  input: z.object({ term: z.string() }),
  run: ({ term }) => `Found ${term}.`,
});

/**
 * A tool step, then a text: two requests, so settings can be seen on every step. The tool step thinks
 * first, as Claude does with thinking on (Bedrock rejects a tool use answered without its thinking).
 */
const toolThenText = scriptOf(
  {
    content: [
      { reasoning: "I need to look it up." },
      { toolUse: { name: "lookup", input: { term: "ore" }, id: "tu_1" } },
    ],
  },
  { text: "Found it." },
);

const agentSettings = {
  inferenceConfig: { maxTokens: 2048, stopSequences: ["END"] },
  additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
  additionalModelResponseFieldPaths: ["/stop_sequence"],
  requestMetadata: { team: "search", purpose: "tests" },
  performanceConfig: { latency: "optimized" },
  serviceTier: { type: "priority" },
  promptVariables: { topic: { text: "mining" } },
  outputConfig: { effort: "high" },
  toolChoice: { auto: {} },
} satisfies Partial<AgentOptions>;

describe("request settings", () => {
  test("sends the agent's settings on every request", async () => {
    const harness = await startAgent(toolThenText, { tools: [lookup], ...agentSettings });
    await harness.agent.run("Look up ore.");

    for (const index of [0, 1]) {
      const body = requestBody(harness.server, index);
      expect(body).toMatchObject({
        inferenceConfig: agentSettings.inferenceConfig,
        additionalModelRequestFields: agentSettings.additionalModelRequestFields,
        additionalModelResponseFieldPaths: agentSettings.additionalModelResponseFieldPaths,
        requestMetadata: agentSettings.requestMetadata,
        performanceConfig: agentSettings.performanceConfig,
        serviceTier: agentSettings.serviceTier,
        promptVariables: agentSettings.promptVariables,
        outputConfig: agentSettings.outputConfig,
      });
      expect(body.toolConfig.toolChoice).toEqual({ auto: {} });
    }
  });

  test("replaces an agent's setting with the run's, field by field", async () => {
    const harness = await startAgent(toolThenText, { tools: [lookup], ...agentSettings });
    await harness.agent.run("Look up ore.", {
      inferenceConfig: { maxTokens: 512, temperature: 0.1, topP: 0.5 },
      additionalModelRequestFields: { top_k: 5 },
      requestMetadata: { team: "billing" },
      serviceTier: { type: "flex" },
      outputConfig: { effort: "low" },
      toolChoice: { any: {} },
    });

    const body = requestBody(harness.server, 0);
    expect(body.inferenceConfig).toEqual({ maxTokens: 512, temperature: 0.1, topP: 0.5 });
    expect(body.additionalModelRequestFields).toEqual({ top_k: 5 });
    expect(body.requestMetadata).toEqual({ team: "billing" });
    expect(body.serviceTier).toEqual({ type: "flex" });
    expect(body.outputConfig).toEqual({ effort: "low" });
    expect(body.toolConfig.toolChoice).toEqual({ any: {} });
    // What the run did not set stays the agent's.
    expect(body.additionalModelResponseFieldPaths).toEqual(["/stop_sequence"]);
    expect(body.performanceConfig).toEqual({ latency: "optimized" });
    expect(body.promptVariables).toEqual({ topic: { text: "mining" } });
  });

  test("keeps a run's settings to that run", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }), { inferenceConfig: { maxTokens: 100 } });
    await harness.agent.run("First.", { inferenceConfig: { maxTokens: 5 } });
    await harness.agent.run("Second.");

    expect(requestBody(harness.server, 0).inferenceConfig).toEqual({ maxTokens: 5 });
    expect(requestBody(harness.server, 1).inferenceConfig).toEqual({ maxTokens: 100 });
  });

  test("sends no setting that was not given", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    await harness.agent.run("Hello.");

    expect(Object.keys(requestBody(harness.server, 0)).sort()).toEqual(["messages"]);
  });

  test("sends the system prompt and tool specifications, and lets a run replace them", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }), {
      system: "You are terse.",
      tools: [lookup],
    });
    await harness.agent.run("Hello.");
    const other = defineTool({ name: "other", description: "Another.", input: z.object({}), run: () => "" });
    await harness.agent.run("Hello.", { system: [{ text: "You are chatty." }], tools: [other] });

    const first = requestBody(harness.server, 0);
    expect(first.system).toEqual([{ text: "You are terse." }]);
    expect(first.toolConfig.tools).toEqual([
      {
        toolSpec: {
          name: "lookup",
          description: "Looks a term up.",
          inputSchema: { json: expect.objectContaining({ type: "object", required: ["term"] }) },
        },
      },
    ]);
    const second = requestBody(harness.server, 1);
    expect(second.system).toEqual([{ text: "You are chatty." }]);
    expect(second.toolConfig.tools.map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name)).toEqual(
      ["other"],
    );
  });

  test("puts cache points after the system prompt, the tools and the history", async () => {
    const harness = await startAgent(toolThenText, {
      system: "You are terse.",
      tools: [lookup],
      cachePoints: { system: true, tools: true, history: true },
    });
    await harness.agent.run("Look up ore.");

    const cachePoint = { cachePoint: { type: "default" } };
    for (const index of [0, 1]) {
      const body = requestBody(harness.server, index);
      expect(body.system).toEqual([{ text: "You are terse." }, cachePoint]);
      expect(body.toolConfig.tools.at(-1)).toEqual(cachePoint);
      expect(body.toolConfig.tools).toHaveLength(2);
      expect(body.messages.at(-1).content.at(-1)).toEqual(cachePoint);
    }
    // Only the end of the history carries one: earlier messages go back as they were.
    const second = requestBody(harness.server, 1);
    expect(second.messages[0].content).toEqual([{ text: "Look up ore." }]);
    expect(second.messages.at(-1).content[0].toolResult.toolUseId).toBe("tu_1");
  });

  test("lets a run choose other cache points", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }), {
      system: "You are terse.",
      cachePoints: { system: true, history: true },
    });
    await harness.agent.run("Hello.", { cachePoints: { system: true } });

    const body = requestBody(harness.server, 0);
    expect(body.system.at(-1)).toEqual({ cachePoint: { type: "default" } });
    expect(body.messages[0].content).toEqual([{ text: "Hello." }]);
  });
});
