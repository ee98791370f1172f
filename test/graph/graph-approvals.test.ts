import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { InMemoryConversationStore } from "@lode/core";
import { END, graph, START } from "@lode/graph";
import { RedisConversationStore } from "@lode/memory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { REDIS_URL } from "../memory/support/servers.js";
import { inWorkerProcess } from "../support/worker-process.js";
import { BUYING_SCRIPT } from "./support/approval-graph.js";

const WORKER = fileURLToPath(new URL("./support/graph-worker.ts", import.meta.url));

describe("an approval inside a parallel branch, across processes on the Redis store", () => {
  let server: BedrockLocal;
  const keyPrefix = `lode-test-graph-${randomUUID()}:`;
  beforeAll(async () => {
    server = await startBedrockLocal({ script: BUYING_SCRIPT as Script });
  });
  afterAll(async () => {
    const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
    for (const sessionId of await store.listSessions()) await store.delete(sessionId);
    await store.close();
    await server?.close();
  });

  // Each step is a Node process of its own (with tsx): slow on a loaded machine.
  test("pauses the graph; another process resumes it; the other branch's result is kept, not recomputed", {
    timeout: 90_000,
  }, async () => {
    const sessionId = `buying-${randomUUID()}`;
    const args = (mode: string, argument = "") => [
      server.clientConfig.endpoint,
      REDIS_URL,
      keyPrefix,
      sessionId,
      mode,
      argument,
    ];
    const first = await inWorkerProcess(WORKER, args("start"));

    expect(first).toMatchObject({
      status: "paused",
      pendingApprovals: [
        {
          toolUseId: "tu_order",
          toolName: "order",
          input: { item: "rope" },
          agentPath: ["buying", "buy", "buyer"],
        },
      ],
      priced: ["rope"],
      ordered: [],
    });
    expect((first.ran as string[]).sort()).toEqual(["buy:paused", "price:done"]);

    const second = await inWorkerProcess(
      WORKER,
      args("decide", JSON.stringify([{ toolUseId: "tu_order", approved: true }])),
    );
    expect(second).toMatchObject({
      status: "done",
      state: {
        item: "rope",
        notes: ["Rope costs 12.", "Rope ordered."],
        summary: "Rope costs 12. / Rope ordered.",
      },
      ordered: ["rope"],
      // The pricer did not run again: its answer was kept from the first process.
      priced: [],
      ran: ["buy:done", "summary:done"],
      nodes: ["price", "buy", "summary"],
    });
    // Each model was asked exactly twice in all.
    const calls = (model: string) => server.requests.filter((entry) => entry.targetId === model).length;
    expect([calls("pricer-model"), calls("buyer-model")]).toEqual([2, 2]);
  });
});

describe("an interrupt", () => {
  test("pauses the graph with the node's question, and the answer resumes the node", async () => {
    const store = new InMemoryConversationStore();
    const asks = graph({
      name: "asks",
      state: z.object({ draft: z.string(), verdict: z.string().optional() }),
      store,
    })
      .node("review", (s, context) => ({
        verdict: `${s.draft}: ${context.interrupt<string>({ approve: s.draft })}`,
      }))
      .edge(START, "review")
      .edge("review", END)
      .build();
    const paused = await asks.run({ draft: "v1" }, { sessionId: "s" });
    expect(paused.status).toBe("paused");
    expect(paused.interrupts).toEqual([
      { taskId: "0:review:0", node: "review", question: { approve: "v1" } },
    ]);

    const done = await asks.resume({ answers: { "0:review:0": "approved" } }, { sessionId: "s" }).result;
    expect(done.status).toBe("done");
    expect(done.state.verdict).toBe("v1: approved");
    // The pause is gone from the session: resuming again is refused.
    await expect(
      asks.resume({ answers: { "0:review:0": "again" } }, { sessionId: "s" }).result,
    ).rejects.toMatchObject({
      code: "invalid-request",
    });
  });
});
