import { TaskState } from "@a2a-js/sdk";
import type { AgentExecutor } from "@a2a-js/sdk/server";
import { a2aAgent } from "@lode/a2a";
import { InMemoryConversationStore } from "@lode/core";
import { afterEach, describe, expect, test } from "vitest";
import { collectEvents, eventsOfType, requestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";
import {
  publishCancelled,
  startA2AServer,
  type TestA2AServer,
  taskEvents,
  userText,
} from "./support/client-a2a-server.js";

const startAgent = scriptedAgentPerTest();
const servers: TestA2AServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** What the remote was sent, message by message: its context, whether it continued a task, and the text. */
interface Received {
  contextId: string;
  continued: boolean;
  text: string;
}

/** Asks for the sample's weight before it assays; answers anything else at once. */
function assayer(received: Received[]): AgentExecutor {
  return {
    async execute(context, bus) {
      const text = userText(context);
      received.push({ contextId: context.contextId, continued: context.task !== undefined, text });
      const task = taskEvents(context, bus);
      task.start();
      if (text.includes("weigh")) task.status(TaskState.TASK_STATE_INPUT_REQUIRED, "How heavy is it?");
      else {
        task.text("Assayed: ");
        task.text(context.task ? `gold, ${text}.` : "gold.");
        task.status(TaskState.TASK_STATE_COMPLETED);
      }
      bus.finished();
    },
    async cancelTask(taskId, bus) {
      publishCancelled(taskId, bus);
    },
  };
}

async function startDesk(received: Received[]) {
  const remote = await startA2AServer(assayer(received));
  servers.push(remote);
  const harness = await startAgent({
    models: {
      "*": {
        turns: [
          {
            content: [
              { text: "Passing you to the assayer." },
              { toolUse: { name: "transfer_to_assayer", input: {}, id: "tu_t1" } },
            ],
          },
        ],
      },
    },
  });
  const store = new InMemoryConversationStore();
  const triage = harness.createAgent({
    name: "triage",
    store,
    handoffs: [a2aAgent(remote.url, { name: "assayer", description: "Assays ore samples." }).asAgent()],
  });
  return { remote, harness, triage };
}

describe("a2aAgent(url).asAgent() as a handoff target", () => {
  test("takes the conversation: its streamed answer is the run's, under its own path", async () => {
    const received: Received[] = [];
    const { harness, triage } = await startDesk(received);
    const stream = triage.stream("Is this ore gold?", { sessionId: "desk-1" });
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(result.text).toBe("Assayed: gold.");
    expect(eventsOfType(events, "handoff")).toMatchObject([{ from: "triage", to: "assayer" }]);
    expect(
      eventsOfType(events, "text-delta")
        .filter((event) => event.agentPath.join("/") === "assayer")
        .map((event) => event.text),
    ).toEqual(["Assayed: ", "gold."]);
    // The remote was sent the conversation so far, on a conversation of its own for the session.
    expect(received).toEqual([
      {
        contextId: "desk-1",
        continued: false,
        text: "User: Is this ore gold?\n\nAssistant: Passing you to the assayer.",
      },
    ]);
    // Its transfer tool carries the remote's description.
    const transfer = requestBody(harness.server, 0).toolConfig.tools[0].toolSpec;
    expect(transfer).toMatchObject({
      name: "transfer_to_assayer",
      description: "Hand the conversation to the assayer agent: Assays ore samples.",
    });
  });

  test("keeps the session: its question is its answer, and the next message answers it on the same task", async () => {
    const received: Received[] = [];
    const { harness, triage } = await startDesk(received);
    const asked = await triage.run("Please weigh and assay my sample.", { sessionId: "desk-2" });
    const answered = await triage.run("Two ounces.", { sessionId: "desk-2" });

    expect(asked.text).toBe("How heavy is it?");
    expect(answered.text).toBe("Assayed: gold, Two ounces..");
    expect(received.map(({ contextId, continued }) => ({ contextId, continued }))).toEqual([
      { contextId: "desk-2", continued: false },
      { contextId: "desk-2", continued: true },
    ]);
    expect(received[1]?.text).toBe("Two ounces.");
    // Only triage's first turn reached Bedrock: the session stayed with the remote.
    expect(harness.server.requests).toHaveLength(1);
  });

  test("a remote that is down fails the run with remote-agent-failed", async () => {
    const received: Received[] = [];
    const { remote, triage } = await startDesk(received);
    await remote.close();

    await expect(triage.run("Is this ore gold?")).rejects.toMatchObject({ code: "remote-agent-failed" });
  });
});
