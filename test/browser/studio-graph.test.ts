import { agentNode, append, END, graph, START } from "@lode/graph";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptOf, startScriptedAgent } from "../support/scripted-agent.js";
import { openRun, rowWithStatus, screenshots, useStudioPages } from "./support/studio-page.js";

const { openStudio, later } = useStudioPages();

describe("a graph on the studio's page", () => {
  test("draws the graph from its mermaid text, each node marked done, its agent node's run nested", {
    timeout: 30_000,
  }, async () => {
    const { page, reporter } = await openStudio();
    const harness = await startScriptedAgent(scriptOf({ text: "Lisbon: 24°C and sunny." }), {
      name: "researcher",
      instrumentation: reporter,
    });
    later(() => harness.close());
    const desk = graph({
      name: "trip-desk",
      state: z.object({ question: z.string(), notes: z.array(z.string()), report: z.string().optional() }),
      reducers: { notes: append<string>() },
      instrumentation: reporter,
    })
      .node("plan", (state) => ({ notes: [`plan: ${state.question}`] }))
      .node(
        "research",
        agentNode(harness.agent, {
          input: (state) => state.question,
          update: (result) => ({ notes: [result.text] }),
        }),
      )
      .node("write", (state) => ({ report: state.notes.join(" / ") }))
      .edge(START, "plan")
      .edge("plan", "research")
      .edge("research", "write")
      .edge("write", END)
      .build();
    const result = await desk.run({ question: "Weather in Lisbon?", notes: [] });
    expect(result.state.report).toBe("plan: Weather in Lisbon? / Lisbon: 24°C and sunny.");

    await rowWithStatus(page, result.runId, "done");
    expect(
      await page.locator(`[data-testid="run-row"][data-run-id="${result.runId}"]`).getAttribute("data-kind"),
    ).toBe("graph");
    await openRun(page, result.runId);
    const view = page.getByTestId("graph-view");
    await view.locator("svg").waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="graph-node"][data-status="done"]').length === 3,
    );
    const nodes = view.getByTestId("graph-node");
    const statuses = await nodes.evaluateAll((all) =>
      Object.fromEntries(
        all.map((node) => [(node as SVGGElement).dataset.node, (node as SVGGElement).dataset.status]),
      ),
    );
    expect(statuses).toMatchObject({ plan: "done", research: "done", write: "done" });
    expect(await view.locator("svg").textContent()).toContain("research");
    // The timeline has a bar per task, and the agent node's run nested.
    const tasks = page.getByTestId("graph-task");
    expect(await tasks.evaluateAll((all) => all.map((task) => (task as HTMLElement).dataset.node))).toEqual([
      "plan",
      "research",
      "write",
    ]);
    await page.getByTestId("child-run").first().waitFor();
    await screenshots(page, "graph", { scrollTo: page.getByTestId("run-actions") });
  });
});
