import { TaskState } from "@a2a-js/sdk";
import { AgentEvent, type AgentExecutor } from "@a2a-js/sdk/server";
import { a2aAgent } from "@lode/a2a";
import { describe, expect, test } from "vitest";
import {
  collectEvents,
  eventsOfType,
  requestBody,
  scriptedAgentPerTest,
  toolResultsSent,
} from "../support/scripted-agent.js";
import {
  agentMessage,
  dataPart,
  remoteServersPerTest,
  taskEvents,
  userText,
} from "./support/client-a2a-server.js";

const startAgent = scriptedAgentPerTest();
const startRemote = remoteServersPerTest();

/** A remote that streams its answer in two pieces, after a word on its progress. */
const geologist: AgentExecutor = {
  async execute(context, bus) {
    const task = taskEvents(context, bus);
    task.start();
    task.status(TaskState.TASK_STATE_WORKING, "Digging…");
    task.text(`About "${userText(context)}": the Comstock `);
    task.text("Lode is the deepest.");
    task.status(TaskState.TASK_STATE_COMPLETED);
    bus.finished();
  },
  async cancelTask() {},
};

/** The supervisor's model asks the remote, then answers with what it said. */
const delegation = {
  models: {
    "*": {
      turns: [
        {
          content: [
            { toolUse: { name: "geologist", input: { task: "Find the deepest lode." }, id: "tu_1" } },
          ],
        },
        { text: "The geologist says: the Comstock Lode." },
      ],
    },
  },
};

describe("a2aAgent(url).asTool()", () => {
  test("answers the call with the remote's text, read over A2A", async () => {
    const remote = await startRemote(geologist);
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({
      name: "supervisor",
      tools: [a2aAgent(remote.url, { name: "geologist" }).asTool()],
    });
    const result = await supervisor.run("Which lode is deepest?");

    expect(result.text).toBe("The geologist says: the Comstock Lode.");
    expect(toolResultsSent(harness.server, 1)).toEqual([
      {
        toolUseId: "tu_1",
        status: "success",
        content: [{ text: 'About "Find the deepest lode.": the Comstock Lode is the deepest.' }],
      },
    ]);
    expect(requestBody(harness.server, 0).toolConfig.tools[0].toolSpec).toMatchObject({
      name: "geologist",
      inputSchema: { json: { type: "object", required: ["task"] } },
    });
    expect(remote.methods).toEqual(["SendStreamingMessage"]);
  });

  test("streams the remote's run into the caller's stream as a sub-agent's, with zero usage", async () => {
    const remote = await startRemote(geologist);
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({
      name: "supervisor",
      tools: [a2aAgent(remote.url, { name: "geologist" }).asTool()],
    });
    const stream = supervisor.stream("Which lode is deepest?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const remoteDeltas = eventsOfType(events, "text-delta").filter((event) => event.agentPath.length === 2);
    expect(remoteDeltas.map((event) => event.text)).toEqual([
      'About "Find the deepest lode.": the Comstock ',
      "Lode is the deepest.",
    ]);
    expect(new Set(remoteDeltas.map((event) => event.agentPath.join("/")))).toEqual(
      new Set(["supervisor/geologist"]),
    );
    const [outerStart, remoteStart] = eventsOfType(events, "run-start");
    expect(remoteStart?.parent).toEqual({
      runId: outerStart?.runId,
      toolUseId: "tu_1",
      agentPath: ["supervisor"],
    });
    const remoteEnd = eventsOfType(events, "run-end").find((event) => event.runId === remoteStart?.runId);
    expect(remoteEnd?.result.usage.totalTokens).toBe(0);
    expect(eventsOfType(events, "tool-progress")).toMatchObject([
      { toolUseId: "tu_1", data: { state: "working", text: "Digging…" }, agentPath: ["supervisor"] },
    ]);
    // The remote spent nothing Lode knows of: the run's usage is its own model calls'.
    expect(result.usageByAgent.map((entry) => entry.agentPath)).toEqual([["supervisor"]]);
  });

  test("answers with the remote's data artifact as a json block", async () => {
    const remote = await startRemote({
      async execute(context, bus) {
        const task = taskEvents(context, bus);
        task.start();
        task.artifact([dataPart({ lode: "Comstock", depthMeters: 1000 })], false);
        task.status(TaskState.TASK_STATE_COMPLETED);
        bus.finished();
      },
      async cancelTask() {},
    });
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({ tools: [a2aAgent(remote.url, { name: "geologist" }).asTool()] });
    await supervisor.run("Which lode is deepest?");

    expect(toolResultsSent(harness.server, 1)[0]?.content).toEqual([
      { json: { lode: "Comstock", depthMeters: 1000 } },
    ]);
  });

  test("streams each piece once when the last chunk repeats the whole answer (append: false)", async () => {
    const remote = await startRemote({
      async execute(context, bus) {
        const task = taskEvents(context, bus);
        task.start();
        task.text("The Comstock ", false);
        task.text("Lode.");
        // A server that sends the whole answer as its last chunk, replacing the artifact's pieces.
        task.text("The Comstock Lode.", false);
        task.status(TaskState.TASK_STATE_COMPLETED);
        bus.finished();
      },
      async cancelTask() {},
    });
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({ tools: [a2aAgent(remote.url, { name: "geologist" }).asTool()] });
    const events = await collectEvents(supervisor.stream("Which lode is deepest?"));

    const remoteDeltas = eventsOfType(events, "text-delta").filter((event) => event.agentPath.length === 2);
    expect(remoteDeltas.map((event) => event.text)).toEqual(["The Comstock ", "Lode."]);
    expect(toolResultsSent(harness.server, 1)[0]?.content).toEqual([{ text: "The Comstock Lode." }]);
  });

  test("answers with a remote's message when it answers without a task", async () => {
    const remote = await startRemote({
      async execute(context, bus) {
        bus.publish(AgentEvent.message(agentMessage("The Comstock Lode, at once.", "", context.contextId)));
        bus.finished();
      },
      async cancelTask() {},
    });
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({ tools: [a2aAgent(remote.url, { name: "geologist" }).asTool()] });
    await supervisor.run("Which lode is deepest?");

    expect(toolResultsSent(harness.server, 1)[0]?.content).toEqual([{ text: "The Comstock Lode, at once." }]);
  });

  test("sends the headers it is given with every request, the card's included", async () => {
    const remote = await startRemote(geologist);
    const harness = await startAgent(delegation);
    const geologistAgent = a2aAgent(remote.url, {
      name: "geologist",
      headers: async () => ({ authorization: "Bearer t0ken" }),
    });
    await harness.createAgent({ tools: [geologistAgent.asTool()] }).run("Which lode is deepest?");

    expect(remote.headers.map((headers) => headers.authorization)).toEqual(["Bearer t0ken", "Bearer t0ken"]);
    expect((await geologistAgent.card()).name).toBe("remote-agent");
  });
});
