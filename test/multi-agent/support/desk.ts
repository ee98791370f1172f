import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type ConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";

/** What the desk's tools did in this process. */
export interface DeskLog {
  lookups: string[];
  refunds: number[];
}

/**
 * A small desk for the multi-agent tests: triage hands off to billing (its own tools, a guardrail) and
 * billing hands back. Each agent has its own model id, so a bedrock-local script gives each its turns.
 */
export function deskAgents(client: BedrockRuntimeClient, store: ConversationStore, log: DeskLog) {
  const lookupInvoice = defineTool({
    name: "lookup_invoice",
    description: "Finds an invoice by id.",
    input: z.object({ id: z.string() }),
    run: async ({ id }) => {
      log.lookups.push(id);
      return { id, amount: 40, charged: 2 };
    },
  });
  const refund = defineTool({
    name: "refund",
    description: "Refunds an amount.",
    input: z.object({ amount: z.number() }),
    needsApproval: ({ amount }) => amount > 100,
    run: async ({ amount }) => {
      log.refunds.push(amount);
      return { refunded: amount };
    },
  });
  const billing: Agent = new Agent({
    name: "billing",
    description: "Invoices and refunds.",
    modelId: "billing-model",
    system: "You are billing.",
    client,
    store,
    tools: [lookupInvoice, refund],
    guardrail: { id: "support", version: "1" },
    handoffs: () => [triage],
  });
  const triage: Agent = new Agent({
    name: "triage",
    description: "Greets and routes.",
    modelId: "triage-model",
    system: "You are triage.",
    client,
    store,
    handoffs: [billing],
  });
  return { triage, billing };
}

/** Three user messages, three runs: triage hands to billing; billing refunds; billing hands back. */
export const DESK_SCRIPT = {
  models: {
    "triage-model": {
      selection: "sequential",
      turns: [
        {
          content: [
            { toolUse: { name: "transfer_to_billing", input: { reason: "a double charge" }, id: "tu_t1" } },
          ],
        },
        { text: "Triage here again: what else can I do?" },
      ],
    },
    "billing-model": {
      selection: "sequential",
      turns: [
        { content: [{ toolUse: { name: "lookup_invoice", input: { id: "INV-1" }, id: "tu_b1" } }] },
        { text: "INV-1 was charged twice." },
        { content: [{ toolUse: { name: "refund", input: { amount: 40 }, id: "tu_b2" } }] },
        { text: "Refunded 40." },
        {
          content: [
            { toolUse: { name: "transfer_to_triage", input: { reason: "not billing" }, id: "tu_b3" } },
          ],
        },
      ],
    },
  },
};
