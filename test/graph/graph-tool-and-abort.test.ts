import type { Script } from "@lode/bedrock-local";
import { agentNode, END, type GraphEvent, graph, START } from "@lode/graph";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

describe("a graph as a tool", () => {
  test("an agent calls it with an input state and reads its final state; the graph's agents' events join its stream", async () => {
    const script = {
      models: {
        "caller-model": {
          selection: "sequential",
          turns: [
            { content: [{ toolUse: { name: "shout", input: { words: "hello" }, id: "tu_g" } }] },
            { text: "It says HELLO!" },
          ],
        },
        "echo-model": { turns: [{ text: "echoed" }] },
      },
    } as Script;
    const harness = await startAgent(script);
    const echo = harness.createAgent({ modelId: "echo-model", name: "echo" });
    const shout = graph({
      name: "shout",
      state: z.object({ words: z.string(), loud: z.string().optional(), heard: z.string().optional() }),
    })
      .node("upper", (s) => ({ loud: `${s.words.toUpperCase()}!` }))
      .node("echo", agentNode(echo, { input: (s) => s.loud ?? "", update: (r) => ({ heard: r.text }) }))
      .edge(START, "upper")
      .edge("upper", "echo")
      .edge("echo", END)
      .build();
    const caller = harness.createAgent({
      modelId: "caller-model",
      name: "caller",
      tools: [shout.asTool({ description: "Shouts." })],
    });
    const events = [];
    const stream = caller.stream("Shout hello.");
    for await (const event of stream) events.push(event);
    const result = await stream.result;

    expect(result.text).toBe("It says HELLO!");
    expect(result.toolCalls[0]?.content).toEqual([
      { json: { words: "hello", loud: "HELLO!", heard: "echoed" } },
    ]);
    expect(events.some((event) => event.agentPath.join("/") === "caller/shout/echo/echo")).toBe(true);
  });
});

describe("aborting a graph's run", () => {
  test("reaches every running node: the agents' runs stop and the graph's result rejects as aborted", async () => {
    const script = {
      models: {
        "slow-model": {
          turns: [{ text: "A slow answer, streamed piece by piece.", chunkSize: 1, delayMs: 100 }],
          loop: true,
        },
      },
    } as Script;
    const harness = await startAgent(script);
    const slow = harness.createAgent({ modelId: "slow-model", name: "slow" });
    const fan = graph({ name: "fan", state: z.object({ items: z.array(z.string()) }) })
      .node("work", agentNode(slow, { input: (_s, item) => String(item) }))
      .fanOut(START, "work", (s) => s.items)
      .build();
    const controller = new AbortController();
    const events: GraphEvent[] = [];
    const stream = fan.stream({ items: ["a", "b", "c"] }, { signal: controller.signal });
    for await (const event of stream) {
      events.push(event);
      if (event.type === "text-delta" && events.filter((e) => e.type === "text-delta").length === 6)
        controller.abort();
    }
    await expect(stream.result).rejects.toMatchObject({ code: "aborted" });
    const starts = events.filter((event) => event.type === "run-start").length;
    const errors = events.filter((event) => event.type === "run-error").length;
    expect(starts).toBe(3);
    expect(errors).toBe(3);
    expect(events.at(-1)?.type).toBe("graph-error");
  });

  test("a reader that stops early aborts the run, and result settles as aborted", async () => {
    const script = {
      models: {
        "slow-model": { turns: [{ text: "Slow, piece by piece.", chunkSize: 1, delayMs: 50 }], loop: true },
      },
    } as Script;
    const harness = await startAgent(script);
    const slow = harness.createAgent({ modelId: "slow-model", name: "slow" });
    const fan = graph({ name: "fan", state: z.object({ items: z.array(z.string()) }) })
      .node("work", agentNode(slow, { input: (_s, item) => String(item) }))
      .fanOut(START, "work", (s) => s.items)
      .build();
    const stream = fan.stream({ items: ["a", "b"] });
    for await (const event of stream) if (event.type === "text-delta") break;
    await expect(stream.result).rejects.toMatchObject({ code: "aborted" });
  });
});
