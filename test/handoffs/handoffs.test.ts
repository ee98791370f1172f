import type { Script } from "@lode/bedrock-local";
import { dropToolCalls, handoff, InMemoryConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { collectEvents, eventsOfType, requestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** Triage hands off to billing; billing answers; the next message goes to billing, who hands back. */
const desk: Script = {
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

async function startDesk(script: Script = desk) {
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

  test("an input filter decides what the target sees of the conversation before the handoff", async () => {
    const script: Script = {
      models: {
        "triage-model": {
          selection: "sequential",
          turns: [
            { content: [{ toolUse: { name: "whoami", input: {}, id: "tu_w" } }] },
            { content: [{ toolUse: { name: "transfer_to_billing", input: {}, id: "tu_t" } }] },
          ],
        },
        "billing-model": { selection: "sequential", turns: [{ text: "Billing here." }] },
      },
    };
    const harness = await startAgent(script);
    const whoami = defineTool({
      name: "whoami",
      description: "Says who the user is.",
      input: z.object({}),
      run: async () => "user 42",
    });
    const billing = harness.createAgent({ modelId: "billing-model", name: "billing" });
    const triage = harness.createAgent({
      modelId: "triage-model",
      name: "triage",
      tools: [whoami],
      handoffs: [handoff(billing, { inputFilter: dropToolCalls })],
    });
    const result = await triage.run("Refund me.");

    expect(result.text).toBe("Billing here.");
    const sent = requestBody(harness.server, 2).messages;
    // Triage's own lookup is gone; the question and the transfer call (answered) remain.
    expect(JSON.stringify(sent)).not.toContain("whoami");
    expect(sent[0]).toEqual({ role: "user", content: [{ text: "Refund me." }] });
    expect(JSON.stringify(sent)).toContain("Transferred to billing.");
    // The history keeps everything.
    expect(JSON.stringify(result.messages)).toContain("whoami");
  });

  test("a handoff may wait for approval like any tool call; denied, the conversation stays", async () => {
    const script: Script = {
      models: {
        "triage-model": {
          selection: "sequential",
          turns: [
            { content: [{ toolUse: { name: "transfer_to_billing", input: {}, id: "tu_t" } }] },
            { text: "Triage keeps it, then." },
          ],
        },
        "billing-model": { selection: "sequential", turns: [{ text: "Billing here." }] },
      },
    };
    const harness = await startAgent(script);
    const billing = harness.createAgent({ modelId: "billing-model", name: "billing" });
    const triage = harness.createAgent({
      modelId: "triage-model",
      name: "triage",
      handoffs: [handoff(billing, { needsApproval: true })],
    });
    const paused = await triage.run("Refund me.", { sessionId: "s" });
    expect(paused.stopReason).toBe("awaiting_approval");
    expect(paused.pendingApprovals).toEqual([
      { toolUseId: "tu_t", toolName: "transfer_to_billing", input: {}, agentPath: ["triage"] },
    ]);

    const denied = await triage.run(
      { decisions: [{ toolUseId: "tu_t", approved: false }] },
      { sessionId: "s" },
    );
    expect(denied.text).toBe("Triage keeps it, then.");
    expect(denied.steps.map((step) => step.agentPath)).toEqual([["triage"], ["triage"]]);
  });

  test("an approved handoff hands over in the run that brings the decision", async () => {
    const script: Script = {
      models: {
        "triage-model": {
          selection: "sequential",
          turns: [{ content: [{ toolUse: { name: "transfer_to_billing", input: {}, id: "tu_t" } }] }],
        },
        "billing-model": { selection: "sequential", turns: [{ text: "Billing here." }] },
      },
    };
    const harness = await startAgent(script);
    const billing = harness.createAgent({ modelId: "billing-model", name: "billing" });
    const triage = harness.createAgent({
      modelId: "triage-model",
      name: "triage",
      handoffs: [handoff(billing, { needsApproval: true })],
    });
    await triage.run("Refund me.", { sessionId: "s" });
    const events = await collectEvents(
      triage.stream({ decisions: [{ toolUseId: "tu_t", approved: true }] }, { sessionId: "s" }),
    );
    expect(eventsOfType(events, "handoff")).toEqual([
      expect.objectContaining({ from: "triage", to: "billing" }),
    ]);
    const resumed = eventsOfType(events, "run-end")[0]?.result;
    expect(resumed?.text).toBe("Billing here.");
    // Step 0 is the paused step, triage's; billing speaks from step 1.
    expect(resumed?.steps.map((step) => [step.step, step.agentPath])).toEqual([
      [0, ["triage"]],
      [1, ["billing"]],
    ]);
  });
});
