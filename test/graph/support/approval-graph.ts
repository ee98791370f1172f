import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type ConversationStore } from "@lode/core";
import { agentNode, append, graph, START } from "@lode/graph";
import { defineTool } from "@lode/tools";
import { z } from "zod";

/** What the graph's tools and nodes did in this process. */
export interface GraphLog {
  priced: string[];
  ordered: string[];
}

/**
 * Two branches at once: a pricer (no approval) and a buyer whose `order` tool waits for a person; a summary
 * node joins them. Each agent has its own model id in the script.
 */
export function buyingGraph(client: BedrockRuntimeClient, store: ConversationStore, log: GraphLog) {
  const price = defineTool({
    name: "price",
    description: "Prices an item.",
    input: z.object({ item: z.string() }),
    run: async ({ item }) => {
      log.priced.push(item);
      return { item, price: 12 };
    },
  });
  const order = defineTool({
    name: "order",
    description: "Orders an item.",
    input: z.object({ item: z.string() }),
    needsApproval: true,
    run: async ({ item }) => {
      log.ordered.push(item);
      return { item, ordered: true };
    },
  });
  const pricer = new Agent({ name: "pricer", modelId: "pricer-model", client, store, tools: [price] });
  const buyer = new Agent({ name: "buyer", modelId: "buyer-model", client, store, tools: [order] });
  return graph({
    name: "buying",
    state: z.object({ item: z.string(), notes: z.array(z.string()), summary: z.string().optional() }),
    reducers: { notes: append<string>() },
    store,
  })
    .node(
      "price",
      agentNode(pricer, { input: (s) => `Price ${s.item}.`, update: (r) => ({ notes: [r.text] }) }),
    )
    .node("buy", agentNode(buyer, { input: (s) => `Buy ${s.item}.`, update: (r) => ({ notes: [r.text] }) }))
    .node("summary", (s) => ({ summary: s.notes.join(" / ") }))
    .edge(START, "price")
    .edge(START, "buy")
    .edge(["price", "buy"], "summary")
    .build();
}

export const BUYING_SCRIPT = {
  models: {
    "pricer-model": {
      selection: "sequential",
      turns: [
        { content: [{ toolUse: { name: "price", input: { item: "rope" }, id: "tu_price" } }] },
        { text: "Rope costs 12." },
      ],
    },
    "buyer-model": {
      selection: "sequential",
      turns: [
        { content: [{ toolUse: { name: "order", input: { item: "rope" }, id: "tu_order" } }] },
        { text: "Rope ordered." },
      ],
    },
  },
};
