import type { Script } from "@lode/bedrock-local";
import { agentNode, graph, START, toGraphUIMessageStreamResponse } from "@lode/graph";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { readMessage } from "../adapters/support/read-ui-message.js";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

describe("a graph's UI message stream, read by the ai package", () => {
  test("shows each node's progress as a data-node part and the agent nodes' text as their own parts", async () => {
    const script = { models: { "search-model": { turns: [{ text: "found it" }], loop: true } } } as Script;
    const harness = await startAgent(script);
    const searcher = harness.createAgent({ modelId: "search-model", name: "searcher" });
    const research = graph({
      name: "research",
      state: z.object({ queries: z.array(z.string()), done: z.boolean().optional() }),
    })
      .node("search", agentNode(searcher, { input: (_s, item) => String(item) }))
      .node("finish", () => ({ done: true }))
      .fanOut(START, "search", (s) => s.queries)
      .edge("search", "finish")
      .build();
    const { message, errors } = await readMessage(
      toGraphUIMessageStreamResponse(research.stream({ queries: ["copper", "silver"] })),
    );

    expect(errors).toEqual([]);
    const nodes = message.parts
      .filter((part) => part.type === "data-node")
      .map((part) => (part as { data: { node: string; status: string } }).data);
    expect(nodes.map((data) => `${data.node}:${data.status}`)).toEqual([
      "search:done",
      "search:done",
      "finish:done",
    ]);
    const texts = message.parts.filter((part) => part.type === "text");
    expect(texts.map((part) => (part as { text: string }).text)).toEqual(["found it", "found it"]);
    expect(
      texts.map((part) =>
        (
          (part as { providerMetadata?: { lode?: { agentPath?: string[] } } }).providerMetadata?.lode
            ?.agentPath ?? []
        ).join("/"),
      ),
    ).toEqual(["research/search/searcher", "research/search/searcher"]);
    expect(message.metadata).toMatchObject({ agent: "research" });
  });
});
