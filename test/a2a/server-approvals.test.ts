import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type Task, TaskState } from "@a2a-js/sdk";
import { ClientFactory } from "@a2a-js/sdk/client";
import { RedisTaskStore } from "@lode/a2a";
import { InMemoryConversationStore } from "@lode/core";
import { agentNode, END, graph, START } from "@lode/graph";
import { RedisConversationStore } from "@lode/memory";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { REDIS_URL } from "../memory/support/servers.js";
import {
  deferred,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";
import { artifactText, firstData, servedPerTest, userMessage } from "./support/server-harness.js";
import { serverProcess } from "./support/server-process.js";
import { BOOK_OSLO, bookingTool } from "./support/server-trip.js";

const WORKER = fileURLToPath(new URL("./support/server-worker.ts", import.meta.url));
const startAgent = scriptedAgentPerTest();
const serve = servedPerTest();

const keyPrefix = `lode-test-a2a-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);
const sessions = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
afterAll(async () => {
  for (const sessionId of await sessions.listSessions()) await sessions.delete(sessionId);
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all([sessions.close(), redis.quit()]);
});

const WAITING_CALL = { toolUseId: "tu_oslo", toolName: "book_trip", input: { city: "Oslo" } };

describe("serveA2A: a run waiting for approval", () => {
  test("is an input-required task; a second server process on Redis resumes it with the next message", {
    timeout: 60_000,
  }, async () => {
    const harness = await startAgent(scriptOf(BOOK_OSLO, { text: "Oslo is booked." }));
    const booking = bookingTool();
    const agent = harness.createAgent({ store: sessions, tools: [booking.tool] });
    const first = await serve(agent, { taskStore: new RedisTaskStore({ redis, keyPrefix }) });
    const client = await first.client();

    const waiting = (await client.sendMessage(userMessage({ text: "Book Oslo." }))) as Task;

    expect(waiting.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(firstData(waiting.status?.message?.parts)).toMatchObject({
      pendingApprovals: [WAITING_CALL],
      interrupts: [],
    });
    // A message that decides nothing leaves the task waiting, and the model is not asked again.
    const still = (await client.sendMessage(
      userMessage({ text: "What is the weather?" }, { taskId: waiting.id, contextId: waiting.contextId }),
    )) as Task;
    expect(still.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(harness.server.requests).toHaveLength(1);
    await first.close();

    const second = await serverProcess(WORKER, [harness.server.clientConfig.endpoint, REDIS_URL, keyPrefix]);
    try {
      const other = await new ClientFactory().createFromUrl(second.info.url as string);
      const done = (await other.sendMessage(
        userMessage({ text: "approve" }, { taskId: waiting.id, contextId: waiting.contextId }),
      )) as Task;

      expect(done.id).toBe(waiting.id);
      expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(artifactText(done, "response")).toBe("Oslo is booked.");
      const [result] = toolResultsSent(harness.server, 1);
      expect([result?.toolUseId, result?.status]).toEqual(["tu_oslo", "success"]);
      expect(booking.booked).toEqual([]); // it ran in the second process
      const stored = await other.getTask({ id: waiting.id, tenant: "", historyLength: undefined });
      expect(stored.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      const listed = await other.listTasks({
        tenant: "",
        contextId: waiting.contextId,
        status: 0,
        pageToken: "",
        statusTimestampAfter: undefined,
      });
      expect(listed.tasks.map((task) => task.id)).toEqual([waiting.id]);
      const said = stored.history.filter((message) => message.role === 1);
      expect(said.map((message) => message.parts[0]?.content?.value)).toEqual([
        "Book Oslo.",
        "What is the weather?",
        "approve",
      ]);
    } finally {
      await second.stop();
    }
  });

  test("a cancel made through a second server process aborts the run in the first", {
    timeout: 60_000,
  }, async () => {
    // The second process only cancels: its agent never calls a model, so it is given no live endpoint.
    const second = await serverProcess(WORKER, ["http://127.0.0.1:9", REDIS_URL, keyPrefix]);
    try {
      const started = deferred();
      const waiting = waitingTool({ beforeWaiting: () => started.resolve() });
      const harness = await startAgent(
        scriptOf({ content: [{ toolUse: { name: "wait", input: {}, id: "tu_wait" } }] }, { text: "unused" }),
      );
      const agent = harness.createAgent({ store: sessions, tools: [waiting.tool] });
      const first = await serve(agent, {
        taskStore: new RedisTaskStore({ redis, keyPrefix }),
        cancelCheckMs: 50,
      });
      const sending = (await first.client()).sendMessage(userMessage({ text: "Wait." }));
      await started.promise;
      const other = await new ClientFactory().createFromUrl(second.info.url as string);
      const working = await other.listTasks({
        tenant: "",
        contextId: "",
        status: TaskState.TASK_STATE_WORKING,
        pageToken: "",
        statusTimestampAfter: undefined,
      });
      const [task] = working.tasks;
      if (!task) throw new Error("no working task in Redis");

      const canceled = await other.cancelTask({ id: task.id, tenant: "", metadata: undefined });

      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
      expect(((await sending) as Task).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
      expect(waiting.saw()).toBe("aborted");
    } finally {
      await second.stop();
    }
  });

  test("takes the decision as a data part {decisions}: a denial reaches the model with its reason", async () => {
    const harness = await startAgent(scriptOf(BOOK_OSLO, { text: "Understood, not booked." }));
    const booking = bookingTool();
    const served = await serve(
      harness.createAgent({ store: new InMemoryConversationStore(), tools: [booking.tool] }),
    );
    const client = await served.client();
    const waiting = (await client.sendMessage(userMessage({ text: "Book Oslo." }))) as Task;

    const decisions = [{ toolUseId: "tu_oslo", approved: false, reason: "Too far." }];
    const done = (await client.sendMessage(
      userMessage({ data: [{ decisions }] }, { taskId: waiting.id, contextId: waiting.contextId }),
    )) as Task;

    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const [result] = toolResultsSent(harness.server, 1);
    expect(result?.status).toBe("error");
    expect(resultText(result ?? {})).toContain("Too far.");
    expect(booking.booked).toEqual([]);
  });

  test("serves a graph the same way: paused is input-required, the reply resumes it, the state is an artifact", async () => {
    const harness = await startAgent(scriptOf(BOOK_OSLO, { text: "Oslo is booked." }));
    const booking = bookingTool();
    const booker = harness.createAgent({ name: "booker", tools: [booking.tool] });
    const store = new InMemoryConversationStore();
    const paused = graph({
      name: "trip",
      state: z.object({ message: z.string(), answer: z.string().optional() }),
      store,
    })
      .node(
        "book",
        agentNode(booker, { input: (state) => state.message, update: (run) => ({ answer: run.text }) }),
      )
      .edge(START, "book")
      .edge("book", END)
      .build();
    const served = await serve(paused);
    const client = await served.client();

    const waiting = (await client.sendMessage(userMessage({ text: "Book Oslo." }))) as Task;

    expect(waiting.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(firstData(waiting.status?.message?.parts)).toMatchObject({
      pendingApprovals: [{ ...WAITING_CALL, agentPath: ["trip", "book", "booker"] }],
    });
    const done = (await client.sendMessage(
      userMessage({ text: "approve" }, { taskId: waiting.id, contextId: waiting.contextId }),
    )) as Task;
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const state = firstData(done.artifacts.find((artifact) => artifact.artifactId === "state")?.parts);
    expect(state).toEqual({ message: "Book Oslo.", answer: "Oslo is booked." });
    expect(booking.booked).toEqual(["Oslo"]);
  });
});
