import { handoff, InMemoryConversationStore } from "@lode/core";
import { describe, expect, test } from "vitest";
import { collectEvents, eventsOfType, requestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** Triage hands off to billing; billing answers; the next message goes to billing, who hands back. */
const desk = {
  models: {
    "triage-model": {
      selection: "sequential" as const,
      turns: [
        {
          content: [
            { text: "Let me get billing." },
            { toolUse: { name: "transfer_to_billing", input: { reason: "a refund" }, id: "tu_t1" } },
          ],
        },
        { text: "Triage again: how else can I help?" },
      ],
    },
    "billing-model": {
      selection: "sequential" as const,
      turns: [
        { text: "Billing here: your refund is on its way." },
        { content: [{ toolUse: { name: "transfer_to_triage", input: {}, id: "tu_b1" } }] },
      ],
    },
  },
};

async function startDesk(script: object = desk) {
  const harness = await startAgent(script);
  const store = new InMemoryConversationStore();
  const make = () => {
    const billing = harness.createAgent({
      modelId: "billing-model",
      name: "billing",
      description: "Refunds and invoices.",
      system: "You are billing.",
      store,
      handoffs: () => [triage],
    });
    const triage = harness.createAgent({
      modelId: "triage-model",
      name: "triage",
      system: "You are triage.",
      store,
      handoffs: [handoff(billing, { description: "Send billing questions here." })],
    });
    return { triage, billing };
  };
  return { harness, store, make };
}

describe("handoffs", () => {
  test("the target answers at the next step with its own model, system prompt and tools", async () => {
    const { harness, make } = await startDesk();
    const { triage } = make();
    const events = await collectEvents(triage.stream("I want a refund.", { sessionId: "s1" }));

    const handoffs = eventsOfType(events, "handoff");
    expect(handoffs).toEqual([
      expect.objectContaining({ from: "triage", to: "billing", reason: "a refund", toolUseId: "tu_t1" }),
    ]);
    const end = eventsOfType(events, "run-end")[0];
    expect(end?.result.text).toBe("Billing here: your refund is on its way.");
    expect(end?.result.steps.map((step) => step.agentPath)).toEqual([["triage"], ["billing"]]);
    const first = requestBody(harness.server, 0);
    expect(first.toolConfig.tools.map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name)).toEqual([
      "transfer_to_billing",
    ]);
    const second = requestBody(harness.server, 1);
    expect(harness.server.requests[1]?.targetId).toBe("billing-model");
    expect(second.system).toEqual([{ text: "You are billing." }]);
    expect(second.messages.at(-1).content[0].toolResult.content).toEqual([
      { text: "Transferred to billing." },
    ]);
    const texts = eventsOfType(events, "text-delta");
    expect(new Set(texts.map((event) => event.agentPath[0]))).toEqual(new Set(["triage", "billing"]));
  });

  test("the session keeps the agent it is with: the next message, to new agents, goes to billing", async () => {
    const { harness, make } = await startDesk();
    await make().triage.run("I want a refund.", { sessionId: "s1" });
    // New agent objects over the same store stand for another process.
    const next = await make().triage.run("Thanks! Back to triage please.", { sessionId: "s1" });

    expect(harness.server.requests[2]?.targetId).toBe("billing-model");
    expect(next.steps.map((step) => step.agentPath)).toEqual([["billing"], ["triage"]]);
    expect(next.text).toBe("Triage again: how else can I help?");
  });

  test("maxHandoffs stops the run with a typed stop and a valid history", async () => {
    const { make } = await startDesk();
    const { triage } = make();
    const result = await triage.run("I want a refund.", { sessionId: "s1", maxHandoffs: 0 });

    expect(result.stopReason).toBe("max_handoffs");
    expect(result.toolCalls[0]).toMatchObject({ toolName: "transfer_to_billing", status: "error" });
    expect(result.messages.at(-1)?.role).toBe("assistant");
  });

  test("two transfers in one step: the first is taken, the other answered as not taken", async () => {
    const script = {
      models: {
        "triage-model": {
          turns: [
            {
              content: [
                { toolUse: { name: "transfer_to_billing", input: {}, id: "tu_a" } },
                { toolUse: { name: "transfer_to_tech", input: {}, id: "tu_b" } },
              ],
            },
          ],
        },
        "billing-model": { selection: "sequential" as const, turns: [{ text: "Billing here." }] },
        "tech-model": { selection: "sequential" as const, turns: [{ text: "Tech here." }] },
      },
    };
    const harness = await startAgent(script);
    const billing = harness.createAgent({ modelId: "billing-model", name: "billing" });
    const tech = harness.createAgent({ modelId: "tech-model", name: "tech" });
    const triage = harness.createAgent({
      modelId: "triage-model",
      name: "triage",
      handoffs: [billing, tech],
    });
    const result = await triage.run("Help.");

    expect(result.text).toBe("Billing here.");
    expect(result.toolCalls.map((call) => [call.toolUseId, call.status])).toEqual([
      ["tu_a", "success"],
      ["tu_b", "error"],
    ]);
    expect(JSON.stringify(result.toolCalls[1]?.content)).toContain("only the first transfer is taken");
  });

  test("a handoff target without a name is a configuration error", async () => {
    const harness = await startAgent(desk);
    const nameless = harness.createAgent({ modelId: "billing-model" });
    const triage = harness.createAgent({ modelId: "triage-model", name: "triage", handoffs: [nameless] });
    expect(() => triage.stream("Hi")).toThrow(/needs a name/);
  });
});
