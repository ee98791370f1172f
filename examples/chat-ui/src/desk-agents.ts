import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, InMemoryConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { chatTools } from "./tools.js";

const CONCIERGE_SYSTEM =
  "You are a friendly, concise travel concierge. Use the tools for facts; never guess the weather. " +
  "Questions about charges, refunds or invoices go to billing: transfer the conversation there.";
const BILLING_SYSTEM =
  "You are the billing desk of a travel agency. Look charges up before you answer; be brief. " +
  "Hand anything that is not about money back to the concierge.";

/** Made-up but stable charges, so the demo needs no network. */
const CHARGES: Record<string, { date: string; amountEur: number }[]> = {
  lisbon: [
    { date: "2027-05-02", amountEur: 420 },
    { date: "2027-05-02", amountEur: 420 },
  ],
};

export const findCharges = defineTool({
  name: "find_charges",
  description: "The card charges made for the user's bookings in a city.",
  input: z.object({ city: z.string().describe("City of the booking, e.g. Lisbon") }),
  run: ({ city }) => ({ city, charges: CHARGES[city.toLowerCase()] ?? [] }),
});

/** What a desk is made of: the model ids of its two agents and the client they talk through. */
export interface DeskOptions {
  /** The concierge's model: it greets every conversation and answers travel questions. */
  modelId: string;
  /** The billing agent's model (its own model id in the scripted demo). */
  billingModelId: string;
  client: BedrockRuntimeClient | undefined;
}

/**
 * The chat's agents: a concierge, with the travel tools, that hands billing questions to a billing agent
 * with a tool of its own; billing hands the rest back. Both keep one store: the session remembers which of
 * them the conversation is with, so the next message goes to that agent. Returns the concierge, the agent
 * every message is sent to.
 */
export function createDesk({ modelId, billingModelId, client }: DeskOptions): Agent {
  const store = new InMemoryConversationStore();
  const shared = { store, ...(client ? { client } : {}) };
  const billing: Agent = new Agent({
    ...shared,
    name: "billing",
    description: "Charges, refunds and invoices.",
    modelId: billingModelId,
    system: BILLING_SYSTEM,
    tools: [findCharges],
    handoffs: () => [concierge],
  });
  const concierge: Agent = new Agent({
    ...shared,
    name: "concierge",
    description: "Travel questions: weather, plans and bookings.",
    modelId,
    system: CONCIERGE_SYSTEM,
    tools: chatTools,
    handoffs: [billing],
  });
  return concierge;
}
