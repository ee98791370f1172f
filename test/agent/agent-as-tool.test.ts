import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  requestBody,
  scriptedAgentPerTest,
  toolResultsSent,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** The outer model delegates to the researcher; the inner model answers it. */
const delegation = {
  models: {
    "outer-model": {
      turns: [
        {
          content: [
            { toolUse: { name: "researcher", input: { task: "Find the deepest lode." }, id: "tu_outer" } },
          ],
        },
        { text: "The researcher says: the Comstock Lode." },
      ],
    },
    "inner-model": { turns: [{ text: "The Comstock Lode is the deepest." }] },
  },
};

/** Starts the delegation script with the inner agent offered to the outer one as the tool "researcher". */
async function startDelegation() {
  const harness = await startAgent(delegation);
  const inner = harness.createAgent({
    modelId: "inner-model",
    name: "researcher",
    description: "Researches.",
  });
  const outer = harness.createAgent({ modelId: "outer-model", tools: [inner.asTool()] });
  return { harness, outer };
}

describe("agent.asTool()", () => {
  test("lets an outer agent call an inner agent and get its text", async () => {
    const { harness, outer } = await startDelegation();
    const result = await outer.run("Which lode is deepest?");

    expect(result.text).toBe("The researcher says: the Comstock Lode.");
    expect(toolResultsSent(harness.server, 2)).toEqual([
      { toolUseId: "tu_outer", status: "success", content: [{ text: "The Comstock Lode is the deepest." }] },
    ]);
    const innerRequest = requestBody(harness.server, 1);
    expect(harness.server.requests[1]?.targetId).toBe("inner-model");
    expect(innerRequest.messages).toEqual([{ role: "user", content: [{ text: "Find the deepest lode." }] }]);
  });

  test("offers the inner agent as a tool taking a task", async () => {
    const { harness, outer } = await startDelegation();
    await outer.run("Which lode is deepest?");

    expect(requestBody(harness.server, 0).toolConfig.tools[0].toolSpec).toMatchObject({
      name: "researcher",
      description: "Researches.",
      inputSchema: { json: { type: "object", required: ["task"] } },
    });
  });

  test("passes the inner agent's events into the outer stream as themselves, under the outer path", async () => {
    const harness = await startAgent(delegation);
    const inner = harness.createAgent({ modelId: "inner-model" });
    const outer = harness.createAgent({
      modelId: "outer-model",
      name: "supervisor",
      tools: [inner.asTool({ name: "researcher", description: "Researches." })],
    });
    const events = await collectEvents(outer.stream("Which lode is deepest?"));

    expect(eventsOfType(events, "tool-progress")).toEqual([]);
    const innerDeltas = eventsOfType(events, "text-delta").filter((event) => event.agentPath.length === 2);
    expect(innerDeltas.map((event) => event.text).join("")).toBe("The Comstock Lode is the deepest.");
    expect(new Set(innerDeltas.map((event) => event.agentPath.join("/")))).toEqual(
      new Set(["supervisor/agent"]),
    );
    const innerStart = eventsOfType(events, "run-start").find((event) => event.agentPath.length === 2);
    const outerStart = eventsOfType(events, "run-start").find((event) => event.agentPath.length === 1);
    expect(innerStart?.parent).toEqual({
      runId: outerStart?.runId,
      toolUseId: "tu_outer",
      agentPath: ["supervisor"],
    });
    expect(innerStart?.runId).not.toBe(outerStart?.runId);
  });
});

describe("agent.asTool() options", () => {
  test("sees: conversation gives the sub-agent the conversation so far, then the task", async () => {
    const harness = await startAgent(delegation);
    const inner = harness.createAgent({ modelId: "inner-model", name: "researcher" });
    const outer = harness.createAgent({
      modelId: "outer-model",
      tools: [inner.asTool({ sees: "conversation" })],
    });
    await outer.run("Which lode is deepest?");

    expect(requestBody(harness.server, 1).messages).toEqual([
      { role: "user", content: [{ text: "Which lode is deepest?" }, { text: "Find the deepest lode." }] },
    ]);
  });

  test("output answers the call with the sub-agent's structured output as a json block", async () => {
    const script = {
      models: {
        "outer-model": delegation.models["outer-model"],
        "inner-model": { turns: [{ text: '{"lode":"Comstock","depthM":1000}' }] },
      },
    };
    const harness = await startAgent(script);
    const inner = harness.createAgent({
      modelId: "inner-model",
      name: "researcher",
      structuredOutput: "native",
    });
    const output = z.object({ lode: z.string(), depthM: z.number() });
    const outer = harness.createAgent({ modelId: "outer-model", tools: [inner.asTool({ output })] });
    await outer.run("Which lode is deepest?");

    expect(toolResultsSent(harness.server, 2)).toEqual([
      { toolUseId: "tu_outer", status: "success", content: [{ json: { lode: "Comstock", depthM: 1000 } }] },
    ]);
  });
});
