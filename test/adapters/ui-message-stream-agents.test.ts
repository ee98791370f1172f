import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { startScriptedAgent } from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { readMessage } from "./support/read-ui-message.js";
import { serveAgent, TRANSPORTS } from "./support/serve-agent.js";

const track = closeAfterEach();

const findCharges = defineTool({
  name: "find_charges",
  description: "The charges made for a booking.",
  input: z.object({ booking: z.string() }),
  run: ({ booking }) => ({ booking, charges: [420, 420] }),
});

/**
 * Triage hands the conversation to billing; billing, a supervisor, asks its ledger sub-agent, which calls
 * its own tool, then billing answers. Each agent has its own model, its turns taken in order.
 */
const deskScript = {
  models: {
    "triage-model": {
      selection: "sequential" as const,
      turns: [
        {
          content: [
            { text: "Billing can sort that out." },
            {
              toolUse: {
                name: "transfer_to_billing",
                input: { reason: "a double charge" },
                id: "tu_transfer",
              },
            },
          ],
        },
      ],
    },
    "billing-model": {
      selection: "sequential" as const,
      turns: [
        {
          content: [
            { toolUse: { name: "ask_ledger", input: { task: "Charges for LODE-LIS-3N?" }, id: "tu_ask" } },
          ],
        },
        { text: "You were charged twice; one charge is being refunded." },
      ],
    },
    "ledger-model": {
      selection: "sequential" as const,
      turns: [
        {
          content: [
            { text: "Looking it up." },
            { toolUse: { name: "find_charges", input: { booking: "LODE-LIS-3N" }, id: "tu_find" } },
          ],
        },
        { text: "Two charges of 420." },
      ],
    },
  },
};

describe.each(TRANSPORTS)("the UI message stream of several agents (%s)", (transport) => {
  test("shows, in the ai package's own reader, who speaks, the handoff and the sub-agent's call", async () => {
    const harness = track(await startScriptedAgent(deskScript));
    const ledger = harness.createAgent({ modelId: "ledger-model", name: "ledger", tools: [findCharges] });
    const billing = harness.createAgent({
      modelId: "billing-model",
      name: "billing",
      tools: [ledger.asTool({ name: "ask_ledger", description: "Asks the ledger about charges." })],
    });
    const triage = harness.createAgent({ modelId: "triage-model", name: "triage", handoffs: [billing] });
    const server = track(await serveAgent(triage, transport, "ui"));

    const response = await fetch(server.url, {
      method: "POST",
      body: JSON.stringify({ input: "I was charged twice." }),
    });
    const { message, errors, metadata } = await readMessage(response);

    const result = await server.streams[0]!.result;
    expect(errors).toEqual([]);
    expect(message.id).toBe(result.runId);
    // Triage speaks first; from the handoff on, billing does, to the end of the message.
    const speakers = metadata.map((value) => (value as { agent?: string } | undefined)?.agent);
    expect([...new Set(speakers)]).toEqual(["triage", "billing"]);
    expect(message.metadata).toEqual({ agent: "billing", agentPath: ["billing"] });

    // The ledger's own parts sit inside billing's step (its steps start none), marked as the ledger's.
    expect(message.parts.map((part) => part.type)).toEqual([
      "step-start",
      "text",
      "tool-transfer_to_billing",
      "data-handoff",
      "step-start",
      "tool-ask_ledger",
      "text",
      "tool-find_charges",
      "text",
      "step-start",
      "text",
    ]);
    const [, triageText, transfer, handoffPart, , ask, ledgerText, find, ledgerAnswer, , answer] =
      message.parts;
    expect(triageText).toMatchObject({ type: "text", text: "Billing can sort that out." });
    expect(triageText).not.toHaveProperty("providerMetadata.lode");
    expect(transfer).toMatchObject({ toolCallId: "tu_transfer", state: "output-available" });
    expect(handoffPart).toEqual({
      type: "data-handoff",
      id: "tu_transfer",
      data: {
        from: "triage",
        to: "billing",
        reason: "a double charge",
        agentPath: ["triage"],
        toolCallId: "tu_transfer",
      },
    });
    const ledgerMarker = {
      lode: { agentPath: ["billing", "ledger"], runId: expect.any(String), parentToolCallId: "tu_ask" },
    };
    expect(ledgerText).toMatchObject({
      type: "text",
      text: "Looking it up.",
      state: "done",
      providerMetadata: ledgerMarker,
    });
    expect(find).toMatchObject({
      toolCallId: "tu_find",
      state: "output-available",
      input: { booking: "LODE-LIS-3N" },
      output: { booking: "LODE-LIS-3N", charges: [420, 420] },
      callProviderMetadata: ledgerMarker,
    });
    expect(ledgerAnswer).toMatchObject({ text: "Two charges of 420.", providerMetadata: ledgerMarker });
    expect(ask).toMatchObject({
      toolCallId: "tu_ask",
      state: "output-available",
      output: "Two charges of 420.",
    });
    expect(ask).not.toHaveProperty("callProviderMetadata");
    expect(answer).toMatchObject({
      type: "text",
      text: "You were charged twice; one charge is being refunded.",
    });
    expect(result.text).toBe("You were charged twice; one charge is being refunded.");
  });
});
