import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type ConversationStore, dropToolCalls, type GuardrailOptions, handoff } from "@lode/core";
import { studio } from "@lode/studio";
import { lookupInvoice, refund, searchDocs } from "./tools.js";

/** The model each agent runs on: one per agent in the scripted demo, any you like on Bedrock. */
export interface DeskModels {
  triage: string;
  billing: string;
  tech: string;
  docs: string;
}

/** The desk's agents. Runs start at `triage`; a session stays with whoever has the conversation. */
export interface Desk {
  triage: Agent;
  billing: Agent;
  tech: Agent;
  docs: Agent;
}

/**
 * Builds the support desk: triage hands the conversation to billing or tech, both can hand it back, and
 * tech asks the docs agent (a sub-agent, as a tool) before answering. They share one `store`, the one that
 * keeps which agent a session is with.
 */
export function createDesk(options: {
  models: DeskModels;
  store: ConversationStore;
  client?: BedrockRuntimeClient;
  /** A Bedrock guardrail on billing's model calls only. */
  billingGuardrail?: GuardrailOptions;
  /**
   * Where triage hands tech questions instead of the local tech agent: a remote one, served over A2A by
   * another process (`a2aAgent(url, { name: "tech" }).asAgent()`; see `serve-tech.ts`).
   */
  remoteTech?: Agent;
}): Desk {
  const { models, store, billingGuardrail } = options;
  // Every agent reports to Lode Studio when LODE_STUDIO_URL is set (`pnpm studio` prints it).
  const shared = { store, instrumentation: studio(), ...(options.client ? { client: options.client } : {}) };

  const docs = new Agent({
    ...shared,
    name: "docs",
    description: "Searches the product documentation and answers from it, quoting the page.",
    modelId: models.docs,
    system: "You answer from the product documentation only. Search it, then answer in one or two sentences.",
    tools: [searchDocs],
  });
  const billing: Agent = new Agent({
    ...shared,
    name: "billing",
    description: "Invoices, charges and refunds.",
    modelId: models.billing,
    system:
      "You are the billing desk. Look invoices up before refunding. Hand anything that is not about money back to triage.",
    tools: [lookupInvoice, refund],
    ...(billingGuardrail ? { guardrail: billingGuardrail } : {}),
    // A function: triage is defined below, and hands over to billing in turn.
    handoffs: () => [triage],
  });
  const tech: Agent = new Agent({
    ...shared,
    name: "tech",
    description: "Errors, sync, exports and sign-in problems with the app.",
    modelId: models.tech,
    system:
      "You are technical support. Ask the docs agent before answering; never guess an error code. Hand anything else back to triage.",
    tools: [docs.asTool({ description: "Ask the documentation: send a complete question." })],
    handoffs: () => [triage],
  });
  const triage: Agent = new Agent({
    ...shared,
    name: "triage",
    modelId: models.triage,
    system: "You are the front desk. Find out what the customer needs and hand them to billing or tech.",
    handoffs: [
      handoff(billing, { description: "Charges, invoices and refunds." }),
      // Tech needs the question, not what billing looked up before.
      handoff(options.remoteTech ?? tech, {
        description: "Anything about the app not working.",
        inputFilter: dropToolCalls,
      }),
    ],
    maxHandoffs: 3,
  });
  return { triage, billing, tech, docs };
}
