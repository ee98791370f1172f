import {
  type CheckpointedAnswer,
  type CheckpointedCall,
  INTERRUPTED_CALL,
  InMemoryConversationStore,
  type RunCheckpoint,
  type RunCheckpointer,
  type RunResumption,
} from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** Keeps checkpoints in memory, as @lode/durable keeps them in Redis; every write is logged. */
class MemoryCheckpointer implements RunCheckpointer {
  checkpoint: RunCheckpoint | undefined;
  calls = new Map<string, CheckpointedCall>();
  readonly log: string[] = [];

  async save(checkpoint: RunCheckpoint): Promise<void> {
    this.checkpoint = structuredClone(checkpoint);
    this.calls.clear();
    this.log.push(checkpoint.phase.kind);
  }
  async callStarted(_runId: string, toolUseId: string): Promise<void> {
    this.calls.set(toolUseId, { toolUseId, state: "started" });
    this.log.push(`started ${toolUseId}`);
  }
  async callAnswered(_runId: string, answer: CheckpointedAnswer): Promise<void> {
    this.calls.set(answer.toolUseId, { state: "answered", ...answer });
    this.log.push(`answered ${answer.toolUseId}`);
  }
  resumption(): RunResumption {
    if (!this.checkpoint) throw new Error("no checkpoint");
    return { checkpoint: structuredClone(this.checkpoint), calls: [...this.calls.values()] };
  }
}

/** Four calls in one step (two tools, each once idempotent and once not), then an answer. */
const fourCalls = scriptOf(
  {
    content: [
      { toolUse: { name: "charge", input: { order: "A" }, id: "tu_a" } },
      { toolUse: { name: "charge", input: { order: "B" }, id: "tu_b" } },
      { toolUse: { name: "lookup", input: { order: "C" }, id: "tu_c" } },
      { toolUse: { name: "charge", input: { order: "D" }, id: "tu_d" } },
    ],
  },
  { text: "All handled." },
);

function shopTools() {
  const runs: string[] = [];
  const charge = defineTool({
    name: "charge",
    description: "Charges an order (not idempotent).",
    input: z.object({ order: z.string() }),
    run: ({ order }) => {
      runs.push(`charge ${order}`);
      return `charged ${order}`;
    },
  });
  const lookup = defineTool({
    name: "lookup",
    description: "Looks an order up (idempotent).",
    input: z.object({ order: z.string() }),
    idempotent: true,
    run: ({ order }) => {
      runs.push(`lookup ${order}`);
      return `found ${order}`;
    },
  });
  return { tools: [charge, lookup], runs };
}

describe("checkpoints", () => {
  test("are written before each step, when a step's tools start, for each call, and when the loop ends", async () => {
    const checkpointer = new MemoryCheckpointer();
    const { tools } = shopTools();
    const harness = await startAgent(fourCalls, { tools });
    await harness.agent.run("Handle the orders.", { checkpointer });

    expect(
      checkpointer.log.filter((entry) => !entry.startsWith("answered") && !entry.startsWith("started")),
    ).toEqual(["between-steps", "tools", "between-steps", "ended"]);
    for (const id of ["tu_a", "tu_b", "tu_c", "tu_d"])
      expect(checkpointer.log.indexOf(`started ${id}`)).toBeLessThan(
        checkpointer.log.indexOf(`answered ${id}`),
      );
    expect(checkpointer.checkpoint?.phase).toEqual({
      kind: "ended",
      stopReason: "end_turn",
      output: undefined,
    });
    expect(checkpointer.checkpoint?.messages).toHaveLength(4);
  });

  test("resume a step cut short: answered calls kept, an interrupted call answered so, the rest run", async () => {
    const shop = shopTools();
    const harness = await startAgent(fourCalls, { tools: shop.tools });
    // The state a process that died mid-step would have left: A answered, B and C in flight, D not begun.
    const cut: RunResumption = {
      checkpoint: { ...(await checkpointAtTools(harness, shop.tools)), runId: "run-1" },
      calls: [
        {
          state: "answered",
          toolUseId: "tu_a",
          status: "success",
          content: [{ text: "charged A" }],
          durationMs: 3,
        },
        { state: "started", toolUseId: "tu_b" },
        { state: "started", toolUseId: "tu_c" },
      ],
    };
    shop.runs.length = 0;
    const before = harness.server.requests.length;
    const second = new MemoryCheckpointer();
    const result = await harness.agent.run([], { resume: cut, checkpointer: second });

    expect(shop.runs).toEqual(["lookup C", "charge D"]);
    expect(result.runId).toBe("run-1");
    expect(result.text).toBe("All handled.");
    expect(result.steps).toHaveLength(2);
    expect(result.toolCalls.map((call) => [call.toolUseId, call.status])).toEqual([
      ["tu_a", "success"],
      ["tu_b", "error"],
      ["tu_c", "success"],
      ["tu_d", "success"],
    ]);
    expect(result.toolCalls[1]?.content).toEqual([{ text: INTERRUPTED_CALL }]);
    // One request after the resume, with every call answered: bedrock-local accepted it.
    expect(harness.server.requests.slice(before).map((entry) => entry.status)).toEqual([200]);
    const results = requestBody(harness.server, before).messages[2].content;
    expect(results.map((block: { toolResult: { toolUseId: string } }) => block.toolResult.toolUseId)).toEqual(
      ["tu_a", "tu_b", "tu_c", "tu_d"],
    );
  });

  test("resume between steps with the model's next call, and write the session once", async () => {
    const store = new InMemoryConversationStore();
    const checkpointer = new MemoryCheckpointer();
    const shop = shopTools();
    const harness = await startAgent(fourCalls, { tools: shop.tools, store });
    await harness.agent.run("Handle the orders.", { checkpointer, sessionId: "s", runId: "run-2" });
    const written = (await store.load("s")).messages;
    // Resuming the ended run again (its process died before it said so) writes nothing twice.
    const again = await harness.agent.run([], { resume: checkpointer.resumption(), sessionId: "s" });

    expect(again.text).toBe("All handled.");
    expect((await store.load("s")).messages).toEqual(written);
    expect(harness.server.requests).toHaveLength(2);
  });

  test("that hang are bounded by the store time limit, like every store call", async () => {
    const shop = shopTools();
    const harness = await startAgent(fourCalls, { tools: shop.tools, storeTimeoutMs: 50 });
    const hanging: RunCheckpointer = {
      save: async () => {},
      callStarted: () => new Promise(() => {}),
      callAnswered: async () => {},
    };
    const error = await lodeErrorOf(harness.agent.run("Handle the orders.", { checkpointer: hanging }));

    expect(error.code).toBe("store-failed");
    expect(error.message).toBe(
      "The run checkpointer did not mark a call started: it did not answer within 50 ms.",
    );
    expect(shop.runs).toEqual([]);
  });

  test("are resumed only with an empty input, under their own run id", async () => {
    const checkpointer = new MemoryCheckpointer();
    const harness = await startAgent(fourCalls, { tools: shopTools().tools });
    await harness.agent.run("Handle the orders.", { checkpointer, runId: "run-3" });
    const resume = checkpointer.resumption();

    const withInput = await lodeErrorOf(harness.agent.run("Again.", { resume }));
    const otherId = await lodeErrorOf(harness.agent.run([], { resume, runId: "run-4" }));

    expect([withInput.code, otherId.code]).toEqual(["invalid-config", "invalid-config"]);
    expect(withInput.message).toContain("takes an empty input ([])");
    expect(otherId.message).toBe("runId run-4 is not the run of the checkpoint it resumes.");
  });

  test("that cannot be written fail the run with store-failed, running no tool", async () => {
    const shop = shopTools();
    const harness = await startAgent(fourCalls, { tools: shop.tools });
    const broken: RunCheckpointer = {
      save: async (checkpoint) => {
        if (checkpoint.phase.kind === "tools") throw new Error("Redis is down");
      },
      callStarted: async () => {},
      callAnswered: async () => {},
    };
    const error = await lodeErrorOf(harness.agent.run("Handle the orders.", { checkpointer: broken }));

    expect(error.code).toBe("store-failed");
    expect(error.message).toContain("Redis is down");
    expect(shop.runs).toEqual([]);
  });
});

/** The checkpoint a run of the script writes as its first step's tools start. */
async function checkpointAtTools(
  harness: Awaited<ReturnType<typeof startAgent>>,
  tools: ReturnType<typeof shopTools>["tools"],
): Promise<RunCheckpoint> {
  let atTools: RunCheckpoint | undefined;
  const spy: RunCheckpointer = {
    save: async (checkpoint) => {
      if (checkpoint.phase.kind === "tools" && !atTools) atTools = structuredClone(checkpoint);
    },
    callStarted: async () => {},
    callAnswered: async () => {},
  };
  await harness.createAgent({ tools }).run("Handle the orders.", { checkpointer: spy });
  if (!atTools) throw new Error("no checkpoint at the tools phase");
  return atTools;
}
