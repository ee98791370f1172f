import { TaskState } from "@a2a-js/sdk";
import { InMemoryConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { deferred, requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";
import {
  artifactText,
  collect,
  firstData,
  postRaw,
  servedPerTest,
  userMessage,
} from "./support/server-harness.js";

const startAgent = scriptedAgentPerTest();
const serve = servedPerTest();

const lookup = defineTool({
  name: "lookup_order",
  description: "Finds an order by its number.",
  input: z.object({ order: z.string() }),
  run: ({ order }) => ({ order, status: "shipped" }),
});

describe("serveA2A: the agent card", () => {
  test("publishes name, description, version, skills from the tools, streaming and the default modes", async () => {
    const harness = await startAgent(scriptOf({ text: "unused" }));
    const agent = harness.createAgent({
      name: "orders",
      description: "Answers about orders.",
      tools: [lookup],
    });
    const served = await serve(agent, { version: "2.1.0" });

    const card = await (await served.client()).getAgentCard();

    expect(card.name).toBe("orders");
    expect(card.description).toBe("Answers about orders.");
    expect(card.version).toBe("2.1.0");
    expect(card.supportedInterfaces[0]).toMatchObject({
      url: served.rpcUrl,
      protocolBinding: "JSONRPC",
      protocolVersion: "1.0",
    });
    expect(card.capabilities?.streaming).toBe(true);
    expect(card.skills.map((skill) => [skill.id, skill.description])).toEqual([
      ["lookup_order", "Finds an order by its number."],
    ]);
    expect(card.defaultInputModes).toContain("text/plain");
    expect(card.defaultOutputModes).toContain("application/json");
    expect(card.securitySchemes ?? {}).toEqual({});
  });

  test("gives a client that names no version the 0.3 card, with its url", async () => {
    const harness = await startAgent(scriptOf({ text: "unused" }));
    const served = await serve(harness.createAgent({ name: "orders" }), {
      skills: [{ id: "orders", name: "Orders", description: "Order questions." }],
    });

    const card = await (await fetch(`${served.baseUrl}/.well-known/agent-card.json`)).json();

    expect(card).toMatchObject({
      protocolVersion: "0.3.0",
      name: "orders",
      url: served.rpcUrl,
      preferredTransport: "JSONRPC",
      capabilities: { streaming: true },
      skills: [{ id: "orders", name: "Orders", description: "Order questions." }],
    });
  });
});

describe("serveA2A: message/send", () => {
  test("answers with a completed task whose response artifact is the run's text, on the session named by contextId", async () => {
    const harness = await startAgent(scriptOf({ text: "Order 42 has shipped." }, { text: "Yes, today." }));
    const store = new InMemoryConversationStore();
    const served = await serve(harness.createAgent({ store }));
    const client = await served.client();

    const task = (await client.sendMessage(
      userMessage({ text: "Where is order 42?" }),
    )) as import("@a2a-js/sdk").Task;

    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactText(task, "response")).toBe("Order 42 has shipped.");
    const stored = await store.load(task.contextId);
    expect(stored.messages.map((message) => message.role)).toEqual(["user", "assistant"]);

    // The next message on the context continues the same Lode session.
    const next = (await client.sendMessage(
      userMessage({ text: "Will it arrive today?" }, { contextId: task.contextId }),
    )) as import("@a2a-js/sdk").Task;
    expect(next.id).not.toBe(task.id);
    expect(artifactText(next, "response")).toBe("Yes, today.");
    expect(requestBody(harness.server, 1).messages).toHaveLength(3);
    expect((await client.getTask({ id: task.id, tenant: "", historyLength: undefined })).status?.state).toBe(
      TaskState.TASK_STATE_COMPLETED,
    );
  });

  test("makes the structured output an artifact of its own", async () => {
    const harness = await startAgent(scriptOf({ text: '{"order":"42","status":"shipped"}' }), {
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
    const output = z.object({ order: z.string(), status: z.string() });
    const served = await serve(harness.agent, { output });

    const task = (await (
      await served.client()
    ).sendMessage(userMessage({ text: "Order 42?" }))) as import("@a2a-js/sdk").Task;

    const artifact = task.artifacts.find((candidate) => candidate.artifactId === "output");
    expect(firstData(artifact?.parts)).toEqual({ order: "42", status: "shipped" });
  });

  test("answers the 0.3 method names (message/send, tasks/get) too", async () => {
    const harness = await startAgent(scriptOf({ text: "Hello from 0.3." }));
    const served = await serve(harness.agent);
    const message = {
      kind: "message",
      messageId: "m-1",
      role: "user",
      parts: [{ kind: "text", text: "Hi" }],
    };

    const sent = await postRaw(
      served.rpcUrl,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "message/send", params: { message } }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: the 0.3 task's JSON, read field by field.
    const task = (sent.json as any).result;
    expect(task).toMatchObject({ kind: "task", status: { state: "completed" } });
    const got = await postRaw(
      served.rpcUrl,
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tasks/get", params: { id: task.id } }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    expect((got.json as any).result.artifacts[0].parts[0]).toEqual({ kind: "text", text: "Hello from 0.3." });
  });
});

describe("serveA2A: message/stream", () => {
  test("streams the task, working, the text as artifact chunks, then completed", async () => {
    const harness = await startAgent(scriptOf({ text: "Streaming works over A2A." }));
    const served = await serve(harness.agent);

    const events = await collect((await served.client()).sendMessageStream(userMessage({ text: "Stream?" })));

    const kinds = events.map((event) => event.payload?.$case);
    expect(kinds[0]).toBe("task");
    expect(kinds).toContain("artifactUpdate");
    const states = events.flatMap((event) =>
      event.payload?.$case === "statusUpdate" ? [event.payload.value.status?.state] : [],
    );
    expect(states).toEqual([TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_COMPLETED]);
    const chunks = events.flatMap((event) =>
      event.payload?.$case === "artifactUpdate" && event.payload.value.artifact?.artifactId === "response"
        ? [event.payload.value]
        : [],
    );
    const streamed = chunks
      .filter((chunk) => !chunk.lastChunk)
      .map((chunk) =>
        chunk.artifact?.parts.map((part) => (part.content?.$case === "text" ? part.content.value : "")),
      )
      .join("");
    expect(streamed).toBe("Streaming works over A2A.");
    expect(chunks.at(-1)?.lastChunk).toBe(true);
  });
});

describe("serveA2A: tasks/cancel and tasks/resubscribe", () => {
  test("cancel aborts the run's signal; a resubscribed stream sees the task canceled", async () => {
    const started = deferred();
    const waiting = waitingTool({ beforeWaiting: () => started.resolve() });
    const harness = await startAgent(
      scriptOf({ content: [{ toolUse: { name: "wait", input: {}, id: "tu_wait" } }] }, { text: "unused" }),
      { tools: [waiting.tool] },
    );
    const served = await serve(harness.agent);
    const client = await served.client();

    const sending = collect(client.sendMessageStream(userMessage({ text: "Wait." })));
    await started.promise;
    const [task] = (
      await client.listTasks({
        tenant: "",
        contextId: "",
        status: 0,
        pageToken: "",
        statusTimestampAfter: undefined,
      })
    ).tasks;
    if (!task) throw new Error("no task listed");
    expect(task.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    const resubscribed = collect(client.resubscribeTask({ id: task.id, tenant: "" }));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const canceled = await client.cancelTask({ id: task.id, tenant: "", metadata: undefined });

    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect(waiting.saw()).toBe("aborted");
    const again = await resubscribed;
    expect(again[0]?.payload?.$case).toBe("task");
    const last = again.at(-1)?.payload;
    expect(last?.$case === "statusUpdate" && last.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const sent = await sending;
    const final = sent.at(-1)?.payload;
    expect(final?.$case === "statusUpdate" && final.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await client.getTask({ id: task.id, tenant: "", historyLength: undefined })).status?.state).toBe(
      TaskState.TASK_STATE_CANCELED,
    );
  });
});
