import { TaskState } from "@a2a-js/sdk";
import type { AgentExecutor } from "@a2a-js/sdk/server";
import { a2aAgent } from "@lode/a2a";
import { agentNode, END, type GraphEvent, graph, START } from "@lode/graph";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";
import { publishCancelled, remoteServersPerTest, taskEvents, userText } from "./support/client-a2a-server.js";

const startAgent = scriptedAgentPerTest();
const startRemote = remoteServersPerTest();

/** Answers with the text it got, shouted; asks which mine first when the text names none. */
const geologist: AgentExecutor = {
  async execute(context, bus) {
    const task = taskEvents(context, bus);
    task.start();
    const text = userText(context);
    if (!context.task && !text.includes("mine"))
      task.status(TaskState.TASK_STATE_INPUT_REQUIRED, "Which mine?");
    else {
      task.text(`Surveyed: ${text.toUpperCase()}`);
      task.status(TaskState.TASK_STATE_COMPLETED);
    }
    bus.finished();
  },
  async cancelTask(taskId, bus) {
    publishCancelled(taskId, bus);
  },
};

const State = z.object({ question: z.string(), plan: z.string().optional(), survey: z.string().optional() });

async function deskWith(remoteUrl: string) {
  const harness = await startAgent({ models: { "*": { turns: [{ text: "the deep mine" }], loop: true } } });
  const planner = harness.createAgent({ name: "planner" });
  return graph({ name: "desk", state: State })
    .node("plan", agentNode(planner, { input: (s) => s.question, update: (r) => ({ plan: r.text }) }))
    .node(
      "survey",
      agentNode(a2aAgent(remoteUrl, { name: "geologist" }), {
        input: (s) => s.plan ?? "",
        update: (r) => ({ survey: r.text }),
      }),
    )
    .edge(START, "plan")
    .edge("plan", "survey")
    .edge("survey", END)
    .build();
}

async function collect(stream: AsyncIterable<GraphEvent>): Promise<GraphEvent[]> {
  const events: GraphEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("agentNode(a2aAgent(url), …)", () => {
  test("runs the remote as a node: its answer updates the state, its events carry the node's path", async () => {
    const remote = await startRemote(geologist);
    const desk = await deskWith(remote.url);
    const stream = desk.stream({ question: "Where to dig?" });
    const events = await collect(stream);
    const result = await stream.result;

    expect(result.status).toBe("done");
    expect(result.state).toMatchObject({ plan: "the deep mine", survey: "Surveyed: THE DEEP MINE" });
    const remoteDeltas = events.filter(
      (event) => event.type === "text-delta" && event.agentPath.join("/") === "desk/survey/geologist",
    );
    expect(remoteDeltas.map((event) => (event.type === "text-delta" ? event.text : ""))).toEqual([
      "Surveyed: THE DEEP MINE",
    ]);
    expect(result.usageByAgent.map((entry) => entry.agentPath.join("/"))).toEqual(["desk/plan/planner"]);
  });

  test("pauses the graph on the remote's question; the decision resumes its task", async () => {
    const remote = await startRemote(geologist);
    const harness = await startAgent({ models: { "*": { turns: [{ text: "somewhere" }], loop: true } } });
    const planner = harness.createAgent({ name: "planner" });
    const desk = graph({ name: "desk", state: State })
      .node("plan", agentNode(planner, { input: (s) => s.question, update: (r) => ({ plan: r.text }) }))
      .node(
        "survey",
        agentNode(a2aAgent(remote.url, { name: "geologist" }), {
          input: (s) => s.plan ?? "",
          update: (r) => ({ survey: r.text }),
        }),
      )
      .edge(START, "plan")
      .edge("plan", "survey")
      .edge("survey", END)
      .build();
    const paused = await desk.run({ question: "Where to dig?" }, { sessionId: "dig-1" });

    expect(paused.status).toBe("paused");
    expect(paused.pendingApprovals).toMatchObject([
      { toolName: "geologist", input: "Which mine?", agentPath: ["desk", "survey", "geologist"] },
    ]);
    const taskId = paused.pendingApprovals[0]?.toolUseId as string;
    const resumed = await desk.resume(
      { decisions: [{ toolUseId: taskId, approved: true, input: "the old mine" }] },
      { sessionId: "dig-1" },
    ).result;

    expect(resumed.status).toBe("done");
    expect(resumed.state).toMatchObject({ survey: "Surveyed: THE OLD MINE" });
    expect(remote.methods).toEqual(["SendStreamingMessage", "SendStreamingMessage"]);
  });

  test("a remote that is down fails the node with remote-agent-failed", async () => {
    const remote = await startRemote(geologist);
    const desk = await deskWith(remote.url);
    await remote.close();

    await expect(desk.run({ question: "Where to dig?" })).rejects.toMatchObject({
      code: "remote-agent-failed",
      message: expect.stringMatching(/Node "survey" .* could not be reached/),
    });
  });
});
