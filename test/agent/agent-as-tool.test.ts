import type { EventOf } from "@lode/core";
import { describe, expect, test } from "vitest";
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
            { toolUse: { name: "researcher", input: { prompt: "Find the deepest lode." }, id: "tu_outer" } },
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

  test("offers the inner agent as a tool taking a prompt", async () => {
    const { harness, outer } = await startDelegation();
    await outer.run("Which lode is deepest?");

    expect(requestBody(harness.server, 0).toolConfig.tools[0].toolSpec).toMatchObject({
      name: "researcher",
      description: "Researches.",
      inputSchema: { json: { type: "object", required: ["prompt"] } },
    });
  });

  test("reports the inner agent's progress as tool-progress events of the outer run", async () => {
    const harness = await startAgent(delegation);
    const inner = harness.createAgent({ modelId: "inner-model" });
    const outer = harness.createAgent({
      modelId: "outer-model",
      tools: [inner.asTool({ name: "researcher", description: "Researches." })],
    });
    const events = await collectEvents(outer.stream("Which lode is deepest?"));

    const progress = eventsOfType(events, "tool-progress");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.toolUseId === "tu_outer" && event.toolName === "researcher")).toBe(
      true,
    );
    const innerText = progress
      .map((event) => event.data as EventOf<"text-delta">)
      .filter((data) => data.type === "text-delta")
      .map((data) => data.text)
      .join("");
    expect(innerText).toBe("The Comstock Lode is the deepest.");
  });
});
