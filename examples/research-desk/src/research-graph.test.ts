import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Script, startBedrockLocal } from "@lode/bedrock-local";
import type { GraphEvent } from "@lode/graph";
import { afterEach, describe, expect, it } from "vitest";
import { SCRIPTED_MODELS, SCRIPTED_SEARCHES, scriptedClient } from "./model-backend.js";
import { createResearchAgents, Plan } from "./research-agents.js";
import { createResearchGraph, MAX_REVISIONS, ResearchState } from "./research-graph.js";
import { createSearchTool } from "./search-tool.js";

const DEMO_SCRIPT = fileURLToPath(new URL("./demo.script.json", import.meta.url));
const TOPIC = "How do honeybee colonies survive the winter?";
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Resolves once `parties` callers have arrived, or says a caller waited alone for `ms` (a failure, not a hang). */
function barrier(parties: number, ms = 5_000) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async (): Promise<"overlapped" | "alone"> => {
    if (++arrived === parties) open();
    const alone = new Promise<"alone">((resolve) => setTimeout(() => resolve("alone"), ms).unref());
    return Promise.race([opened.then(() => "overlapped" as const), alone]);
  };
}

/** The desk over HTTP against bedrock-local serving the demo's script; each search waits for the other two. */
async function openDesk(script: Script | string = DEMO_SCRIPT) {
  const server = await startBedrockLocal({ script });
  const client = scriptedClient(server.clientConfig);
  closers.push(async () => {
    client.destroy();
    await server.close();
  });
  const meet = barrier(3);
  const searches: string[] = [];
  const search = createSearchTool({
    beforeSearch: async (query) => {
      searches.push(`${query}: ${await meet()}`);
    },
  });
  const desk = createResearchGraph(createResearchAgents({ models: SCRIPTED_MODELS, client, search }));
  return { server, desk, searches };
}

describe("the research desk's graph", () => {
  it("searches the planner's three questions at once, revises once, and ends with a valid report", async () => {
    const { server, desk, searches } = await openDesk();
    const stream = desk.stream({ topic: TOPIC });
    const events: GraphEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;

    // Each search waited in the tool until the other two were in theirs: the branches ran at once.
    expect(searches.sort()).toEqual([
      "colony losses winter: overlapped",
      "honey stores winter food: overlapped",
      "winter cluster warmth: overlapped",
    ]);
    expect(result.status).toBe("done");
    const steps = events.flatMap((event) =>
      event.type === "node-start" ? [`${event.step}:${event.node}`] : [],
    );
    expect(steps).toEqual([
      "0:plan",
      "1:search",
      "1:search",
      "1:search",
      "2:write",
      "3:review",
      "4:write",
      "5:review",
    ]);
    // The fan-out gave each branch one of the planner's questions, in the plan's order.
    const questions = Plan.parse({ questions: Object.keys(SCRIPTED_SEARCHES) }).questions;
    expect(
      events.flatMap((event) => (event.type === "node-start" && event.node === "search" ? [event.item] : [])),
    ).toEqual(questions);

    // The final state is a state of the graph: the reviewer sent the draft back once, then approved.
    const state = ResearchState.parse(result.state);
    expect(state.questions).toEqual(questions);
    expect(state.findings.map((finding) => finding.question)).toEqual(questions);
    expect(state.findings[2]?.answer).toMatch(/^Mostly varroa mites/);
    expect(state.revisions).toBe(MAX_REVISIONS);
    expect(state.review).toEqual({ approved: true, notes: "" });
    expect(state.draft?.sources).toEqual(["winter-cluster", "honey-stores", "varroa-mites"]);
    const reviews = result.nodes.filter((node) => node.node === "review").map((node) => node.update);
    expect(reviews).toEqual([
      { review: { approved: false, notes: expect.stringContaining("[varroa-mites]") } },
      { review: { approved: true, notes: "" } },
    ]);
    // The writer's second run was given the reviewer's notes and its draft.
    const revision = server.requests.filter((request) => request.targetId === "scripted-writer")[1];
    expect(JSON.stringify(revision?.body)).toContain("A reviewer sent your draft back");

    // Usage by agent names every agent, under its graph and node.
    expect(result.usageByAgent.map((entry) => [entry.agentPath.join("/"), entry.modelCalls])).toEqual([
      ["research/plan/planner", 1],
      ["research/search/searcher", 6],
      ["research/write/writer", 2],
      ["research/review/reviewer", 2],
    ]);
    for (const entry of result.usageByAgent) expect(entry.usage.outputTokens).toBeGreaterThan(0);
    // The searchers' events carry the graph, the node and the agent.
    const searchCalls = events.filter((event) => event.type === "tool-call" && event.toolName === "search");
    expect(searchCalls.map((event) => event.agentPath.join("/"))).toEqual([
      "research/search/searcher",
      "research/search/searcher",
      "research/search/searcher",
    ]);
  });

  it("ends after one revision when the reviewer never approves: the route bounds the loop", async () => {
    const script = JSON.parse(readFileSync(DEMO_SCRIPT, "utf8")) as Script;
    const reviewer = script.models["scripted-reviewer"];
    const sendBack = reviewer?.turns[0];
    if (!reviewer || !sendBack) throw new Error("the demo script has no reviewer");
    reviewer.turns = [sendBack, sendBack, sendBack];
    const { server, desk } = await openDesk(script);
    const result = await desk.run({ topic: TOPIC });

    expect(result.status).toBe("done");
    expect(result.steps).toBe(6);
    expect(result.state.revisions).toBe(1);
    expect(result.state.review?.approved).toBe(false);
    expect(server.requests.filter((request) => request.targetId === "scripted-writer")).toHaveLength(2);
  });
});
