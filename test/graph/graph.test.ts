import type { Script } from "@lode/bedrock-local";
import { agentNode, append, END, type GraphEvent, graph, graphNode, START } from "@lode/graph";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { barrier } from "../multi-agent/support/supervisor.js";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

async function collect(stream: AsyncIterable<GraphEvent>): Promise<GraphEvent[]> {
  const events: GraphEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("a graph over HTTP against bedrock-local", () => {
  test("runs two agent branches at once (a barrier proves it) and joins them before the writer", async () => {
    const meet = barrier(2);
    const met: string[] = [];
    const script = {
      models: {
        "left-model": {
          turns: [
            { content: [{ toolUse: { name: "meet", input: {}, id: "tu_l" } }] },
            { text: "Left found copper." },
          ],
        },
        "right-model": {
          turns: [
            { content: [{ toolUse: { name: "meet", input: {}, id: "tu_r" } }] },
            { text: "Right found silver." },
          ],
        },
      },
    } as Script;
    const harness = await startAgent(script);
    const meetTool = (side: string) =>
      defineTool({
        name: "meet",
        description: "Waits for the other searcher.",
        input: z.object({}),
        run: async () => {
          met.push(`${side}:${await meet.arrive()}`);
          return "met";
        },
      });
    const left = harness.createAgent({ modelId: "left-model", name: "left", tools: [meetTool("left")] });
    const right = harness.createAgent({ modelId: "right-model", name: "right", tools: [meetTool("right")] });
    const desk = graph({
      name: "desk",
      state: z.object({ question: z.string(), findings: z.array(z.string()), report: z.string().optional() }),
      reducers: { findings: append<string>() },
    })
      .node("left", agentNode(left, { input: (s) => s.question, update: (r) => ({ findings: [r.text] }) }))
      .node("right", agentNode(right, { input: (s) => s.question, update: (r) => ({ findings: [r.text] }) }))
      .node("write", (s) => ({ report: s.findings.join(" ") }))
      .edge(START, "left")
      .edge(START, "right")
      .edge(["left", "right"], "write")
      .edge("write", END)
      .build();
    const events = await collect(desk.stream({ question: "What is in the hills?", findings: [] }));

    expect(met.sort()).toEqual(["left:overlapped", "right:overlapped"]);
    const end = events.find((event) => event.type === "graph-end");
    const state = end?.type === "graph-end" ? (end.result.state as { report?: string }) : undefined;
    expect(state?.report).toBe("Left found copper. Right found silver.");
    // Agent events carry the graph, the node and the agent.
    const paths = new Set(events.filter((e) => e.type === "text-delta").map((e) => e.agentPath.join("/")));
    expect(paths).toEqual(new Set(["desk/left/left", "desk/right/right"]));
    const nodeStarts = events
      .filter((e) => e.type === "node-start")
      .map((e) => (e.type === "node-start" ? `${e.step}:${e.node}` : ""));
    expect(nodeStarts).toEqual(["0:left", "0:right", "1:write"]);
  });

  test("a conditional route, a fan-out over a list, and usage rolled up from the agent nodes", async () => {
    const script = {
      models: {
        "search-model": { turns: [{ text: "found" }], loop: true },
      },
    } as Script;
    const harness = await startAgent(script);
    const searcher = harness.createAgent({ modelId: "search-model", name: "searcher" });
    const research = graph({
      name: "research",
      state: z.object({
        topic: z.string(),
        queries: z.array(z.string()),
        hits: z.array(z.string()),
        route: z.string(),
      }),
      reducers: { hits: append<string>() },
    })
      .node("plan", (s) => ({ queries: [`${s.topic} 1`, `${s.topic} 2`, `${s.topic} 3`] }))
      .node(
        "search",
        agentNode(searcher, {
          input: (_s, item) => String(item),
          update: (r, _s, item) => ({ hits: [`${item}: ${r.text}`] }),
        }),
      )
      .node("short", () => ({ route: "short" }))
      .node("long", () => ({ route: "long" }))
      .edge(START, "plan")
      .fanOut("plan", "search", (s) => s.queries)
      .route("search", (s) => (s.hits.length > 2 ? "long" : "short"), ["long", "short"])
      .build();
    const result = await research.run({ topic: "ore", queries: [], hits: [], route: "" });

    expect(result.status).toBe("done");
    expect(result.state.hits).toEqual(["ore 1: found", "ore 2: found", "ore 3: found"]);
    expect(result.state.route).toBe("long");
    expect(result.nodes.map((node) => node.node)).toEqual(["plan", "search", "search", "search", "long"]);
    expect(result.usageByAgent.map((entry) => [entry.agentPath.join("/"), entry.modelCalls])).toEqual([
      ["research/search/searcher", 3],
    ]);
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(research.toMermaid()).toContain("plan == each ==> search");
  });

  test("a loop is bounded: maxSteps stops it with the state so far", async () => {
    const counter = graph({ name: "counter", state: z.object({ n: z.number() }), maxSteps: 5 })
      .node("inc", (s) => ({ n: s.n + 1 }))
      .edge(START, "inc")
      .route("inc", () => "inc")
      .build();
    const result = await counter.run({ n: 0 });
    expect(result.status).toBe("max_steps");
    expect(result.state.n).toBe(5);
    expect(result.steps).toBe(5);
  });

  test("a node that writes a wrong shape fails the run with a typed error naming the node and key", async () => {
    const broken = graph({ name: "broken", state: z.object({ n: z.number() }) })
      .node("bad", () => ({ n: "seven" as unknown as number }))
      .edge(START, "bad")
      .build();
    const events = await collect(broken.stream({ n: 0 }));
    await expect(broken.run({ n: 0 })).rejects.toMatchObject({
      code: "invalid-state",
      message: expect.stringMatching(/Node "bad" wrote "n"/),
    });
    expect(events.at(-1)?.type).toBe("graph-error");
  });

  test("a graph runs as a node of another, its final state mapped back", async () => {
    const inner = graph({ name: "inner", state: z.object({ x: z.number(), doubled: z.number().optional() }) })
      .node("double", (s) => ({ doubled: s.x * 2 }))
      .edge(START, "double")
      .build();
    const outer = graph({
      name: "outer",
      state: z.object({ value: z.number(), result: z.number().optional() }),
    })
      .node(
        "sub",
        graphNode(inner, { input: (s) => ({ x: s.value }), update: (sub) => ({ result: sub.doubled }) }),
      )
      .edge(START, "sub")
      .build();
    const events = await collect(outer.stream({ value: 21 }));
    const end = events.find((event) => event.type === "graph-end" && event.agentPath.length === 1);
    expect(end?.type === "graph-end" && end.result.state).toEqual({ value: 21, result: 42 });
    expect(
      events.some((event) => event.type === "node-start" && event.agentPath.join("/") === "outer/sub/inner"),
    ).toBe(true);
  });
});
