import { TaskState } from "@a2a-js/sdk";
import type { AgentExecutor } from "@a2a-js/sdk/server";
import { a2aAgent } from "@lode/a2a";
import { describe, expect, test } from "vitest";
import {
  collectEvents,
  deferred,
  eventsOfType,
  scriptedAgentPerTest,
  toolResultsSent,
} from "../support/scripted-agent.js";
import { publishCancelled, remoteServersPerTest, taskEvents, userText } from "./support/client-a2a-server.js";

const startAgent = scriptedAgentPerTest();
const startRemote = remoteServersPerTest();

const delegation = {
  models: {
    "*": {
      turns: [
        { content: [{ toolUse: { name: "painter", input: { task: "Paint the door." }, id: "tu_1" } }] },
        { text: "The door is painted." },
      ],
    },
  },
};

describe("a remote agent's question (input-required)", () => {
  /** Asks which colour, then paints with the answer, on the same task. */
  const painter: AgentExecutor = {
    async execute(context, bus) {
      const task = taskEvents(context, bus);
      task.start();
      if (!context.task) {
        task.status(TaskState.TASK_STATE_INPUT_REQUIRED, "Which colour?");
      } else {
        task.text(`Painted it ${userText(context)}.`);
        task.status(TaskState.TASK_STATE_COMPLETED);
      }
      bus.finished();
    },
    async cancelTask(taskId, bus) {
      publishCancelled(taskId, bus);
    },
  };

  test("pauses the caller's run, and the decision on it goes to the remote's task as its answer", async () => {
    const remote = await startRemote(painter);
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({
      name: "supervisor",
      tools: [a2aAgent(remote.url, { name: "painter" }).asTool()],
    });
    const paused = await supervisor.run("Paint the door.", { sessionId: "s1" });

    expect(paused.stopReason).toBe("awaiting_approval");
    expect(paused.pendingApprovals).toEqual([
      {
        toolUseId: expect.any(String),
        toolName: "painter",
        input: "Which colour?",
        agentPath: ["supervisor", "painter"],
        parentToolUseId: "tu_1",
      },
    ]);
    const taskId = paused.pendingApprovals[0]?.toolUseId as string;

    const stream = supervisor.stream(
      { decisions: [{ toolUseId: taskId, approved: true, input: "green" }] },
      { sessionId: "s1" },
    );
    const events = await collectEvents(stream);
    const resumed = await stream.result;

    expect(resumed.text).toBe("The door is painted.");
    expect(toolResultsSent(harness.server, 1)).toEqual([
      { toolUseId: "tu_1", status: "success", content: [{ text: "Painted it green." }] },
    ]);
    const remoteText = eventsOfType(events, "text-delta").filter((event) => event.agentPath.length === 2);
    expect(remoteText.map((event) => event.text).join("")).toBe("Painted it green.");
    expect(remote.methods).toEqual(["SendStreamingMessage", "SendStreamingMessage"]);
  });

  test("a declined question cancels the remote's task and is the call's error result", async () => {
    const remote = await startRemote(painter);
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({ tools: [a2aAgent(remote.url, { name: "painter" }).asTool()] });
    const paused = await supervisor.run("Paint the door.", { sessionId: "s1" });
    const taskId = paused.pendingApprovals[0]?.toolUseId as string;
    await supervisor.run(
      { decisions: [{ toolUseId: taskId, approved: false, reason: "no paint today" }] },
      { sessionId: "s1" },
    );

    expect(toolResultsSent(harness.server, 1)).toEqual([
      {
        toolUseId: "tu_1",
        status: "error",
        content: [{ text: "The person declined to answer the remote agent's question: no paint today" }],
      },
    ]);
    expect(remote.methods).toEqual(["SendStreamingMessage", "CancelTask"]);
  });
});

describe("aborting the caller's run", () => {
  test("cancels the remote's task (tasks/cancel reaches its executor)", async () => {
    const cancelled = deferred<string>();
    const remote = await startRemote({
      async execute(context, bus) {
        const task = taskEvents(context, bus);
        task.start();
        task.text("Starting a long dig…");
        // Works until cancelled.
        await cancelled.promise;
      },
      async cancelTask(taskId, bus) {
        publishCancelled(taskId, bus);
        cancelled.resolve(taskId);
      },
    });
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({ tools: [a2aAgent(remote.url, { name: "painter" }).asTool()] });
    const abort = new AbortController();
    const stream = supervisor.stream("Paint the door.", { signal: abort.signal });
    let taskSeen = false;
    await expect(
      (async () => {
        for await (const event of stream)
          if (event.type === "text-delta" && event.agentPath.length === 2 && !taskSeen) {
            taskSeen = true;
            abort.abort();
          }
      })(),
    ).rejects.toMatchObject({ code: "aborted" });

    expect(await cancelled.promise).toEqual(expect.any(String));
    expect(remote.methods).toEqual(["SendStreamingMessage", "CancelTask"]);
  });

  test("cancels a task the remote names only after the abort", async () => {
    const received = deferred();
    const cancelled = deferred<string>();
    const remote = await startRemote({
      async execute(context, bus) {
        received.resolve();
        // Slow to start: the caller has aborted before the task is named.
        await new Promise((resolve) => setTimeout(resolve, 300));
        taskEvents(context, bus).start();
        await cancelled.promise;
      },
      async cancelTask(taskId, bus) {
        publishCancelled(taskId, bus);
        cancelled.resolve(taskId);
      },
    });
    const harness = await startAgent(delegation);
    const supervisor = harness.createAgent({ tools: [a2aAgent(remote.url, { name: "painter" }).asTool()] });
    const abort = new AbortController();
    void received.promise.then(() => abort.abort());

    await expect(supervisor.run("Paint the door.", { signal: abort.signal })).rejects.toMatchObject({
      code: "aborted",
    });
    expect(await cancelled.promise).toEqual(expect.any(String));
    expect(remote.methods).toEqual(["SendStreamingMessage", "CancelTask"]);
  });
});
