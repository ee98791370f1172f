import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { type AgentEvent, InMemoryConversationStore } from "@lode/core";
import { RedisConversationStore } from "@lode/memory";
import { afterEach, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";
import { inWorkerProcess } from "../support/worker-process.js";
import {
  APPROVAL_SCRIPT,
  barrier,
  PARALLEL_SCRIPT,
  type SupervisorLog,
  supervisorAgents,
} from "./support/supervisor.js";

const startAgent = scriptedAgentPerTest();
const WORKER = fileURLToPath(new URL("./support/supervisor-worker.ts", import.meta.url));

/** The supervisor and its sub-agents on a fresh bedrock-local serving `script`. */
async function startSupervisor(script: object, meet?: ReturnType<typeof barrier>) {
  const harness = await startAgent(script as Script);
  const log: SupervisorLog = { closed: [], met: [] };
  const agents = supervisorAgents(harness.client, new InMemoryConversationStore(), log, meet);
  return { harness, log, ...agents };
}

describe("a supervisor with sub-agents as tools", () => {
  test("runs two sub-agents at once; their events interleave in its stream, each tagged", async () => {
    const meet = barrier(2);
    const { support, log } = await startSupervisor(PARALLEL_SCRIPT, meet);
    const events: AgentEvent[] = [];
    const stream = support.stream("Reset my password, and is A-7 active?");
    for await (const event of stream) events.push(event);
    const result = await stream.result;

    // Each sub-agent's tool waited for the other's: they ran at the same time.
    expect(log.met.sort()).toEqual(["accounts:overlapped", "docs:overlapped"]);
    expect(result.text).toBe("Open Settings to reset; A-7 is active.");
    const paths = new Set(events.map((event) => event.agentPath.join("/")));
    expect(paths).toEqual(new Set(["support", "support/docs", "support/accounts"]));
    // Both sub-runs started before either ended.
    const order = events
      .filter(
        (event) => event.agentPath.length === 2 && (event.type === "run-start" || event.type === "run-end"),
      )
      .map((event) => event.type);
    expect(order).toEqual(["run-start", "run-start", "run-end", "run-end"]);
    // No sub-agent event is squeezed into tool-progress any more.
    expect(events.filter((event) => event.type === "tool-progress")).toEqual([]);
    // The sub-agents' calls follow the call that ran them, marked by path.
    expect(result.toolCalls.map((call) => [call.agentPath.join("/"), call.toolName])).toEqual([
      ["support", "docs"],
      ["support/docs", "search_docs"],
      ["support", "accounts"],
      ["support/accounts", "lookup_account"],
    ]);
  });

  test("rolls up usage and cost exactly, with a breakdown by agent", async () => {
    const { support } = await startSupervisor(PARALLEL_SCRIPT);
    const result = await support.run("Reset my password, and is A-7 active?");

    // Support: 100+300 in, 20+30 out; docs: 50+70 in, 5+7 out; accounts: 40+60 in, 4+6 out.
    expect(result.usage).toMatchObject({ inputTokens: 620, outputTokens: 72, totalTokens: 692 });
    const byAgent = Object.fromEntries(
      result.usageByAgent.map((entry) => [
        entry.agentPath.join("/"),
        [entry.modelCalls, entry.usage.inputTokens, entry.usage.outputTokens],
      ]),
    );
    const cost = (input: number, output: number, inPrice: number, outPrice: number) =>
      (input * inPrice + output * outPrice) / 1_000_000;
    expect(byAgent).toEqual({
      support: [2, 400, 50],
      "support/docs": [2, 120, 12],
      "support/accounts": [2, 100, 10],
    });
    const costs = result.usageByAgent.map((entry) => entry.cost?.total ?? Number.NaN);
    const expected = [cost(400, 50, 3, 15), cost(120, 12, 1, 5), cost(100, 10, 2, 10)];
    for (const [index, total] of costs.entries())
      expect(total).toBeCloseTo(expected[index] ?? Number.NaN, 15);
    expect(result.cost?.total).toBeCloseTo(
      cost(400, 50, 3, 15) + cost(120, 12, 1, 5) + cost(100, 10, 2, 10),
      12,
    );
    // The steps are the supervisor's own model calls.
    expect(result.steps.map((step) => step.usage.inputTokens)).toEqual([100, 300]);
  });

  test("a sub-agent that fails answers its call with an error result, and the run goes on", async () => {
    const script = {
      models: {
        ...PARALLEL_SCRIPT.models,
        "docs-model": {
          turns: [{ error: { type: "AccessDeniedException", message: "docs model not enabled" } }],
        },
      },
    };
    const { support } = await startSupervisor(script);
    const result = await support.run("Reset my password, and is A-7 active?");

    const docsCall = result.toolCalls.find((call) => call.toolName === "docs");
    expect(docsCall?.status).toBe("error");
    expect(JSON.stringify(docsCall?.content)).toContain("docs model not enabled");
    expect(result.stopReason).toBe("end_turn");
  });

  test("aborting the supervisor's run aborts its sub-agents", async () => {
    const script = {
      models: {
        "support-model": PARALLEL_SCRIPT.models["support-model"],
        "docs-model": {
          turns: [{ text: "A very slow answer that streams piece by piece.", chunkSize: 1, delayMs: 200 }],
        },
        "accounts-model": { turns: [{ text: "Another slow one.", chunkSize: 1, delayMs: 200 }] },
      },
    };
    const { support } = await startSupervisor(script);
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    const stream = support.stream("Both, please.", { signal: controller.signal });
    const read = async () => {
      for await (const event of stream) {
        events.push(event);
        if (event.type === "text-delta" && event.agentPath.length === 2) controller.abort();
      }
    };
    await expect(read()).rejects.toMatchObject({ code: "aborted" });
    await expect(stream.result).rejects.toMatchObject({ code: "aborted" });
    const subErrors = events.filter((event) => event.type === "run-error" && event.agentPath.length === 2);
    expect(subErrors.length).toBe(2);
  });
});

describe("a sub-agent's approval, across processes on the Redis store", () => {
  let server: BedrockLocal | undefined;
  const keyPrefix = `lode-test-supervisor-${randomUUID()}:`;
  afterEach(async () => {
    const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
    for (const sessionId of await store.listSessions()) await store.delete(sessionId);
    await store.close();
    await server?.close();
  });

  async function inNewProcess(sessionId: string, mode: "ask" | "decide", argument: string) {
    const args = [server?.clientConfig.endpoint ?? "", REDIS_URL, keyPrefix, sessionId, mode, argument];
    // biome-ignore lint/suspicious/noExplicitAny: the worker's printed JSON, read field by field below.
    return (await inWorkerProcess(WORKER, args)) as any;
  }

  // Each step is a Node process of its own (with tsx): slow on a loaded machine.
  test("pauses the whole run, and the decision in another process resumes the sub-agent where it stopped", {
    timeout: 90_000,
  }, async () => {
    server = await startBedrockLocal({ script: APPROVAL_SCRIPT as Script });
    const sessionId = `support-${randomUUID()}`;
    const first = await inNewProcess(sessionId, "ask", "Close account A-7.");

    expect(first.stopReason).toBe("awaiting_approval");
    expect(first.pendingApprovals).toEqual([
      {
        toolUseId: "tu_close",
        toolName: "close_account",
        input: { id: "A-7" },
        agentPath: ["support", "accounts"],
        parentToolUseId: "tu_acc",
      },
    ]);
    expect(first.closed).toEqual([]);
    expect(first.events).toEqual(["support/accounts approval-requested close_account"]);

    const second = await inNewProcess(
      sessionId,
      "decide",
      JSON.stringify([{ toolUseId: "tu_close", approved: true }]),
    );
    expect(second.stopReason).toBe("end_turn");
    expect(second.text).toBe("A-7 is closed.");
    expect(second.closed).toEqual(["A-7"]);
    expect(second.events).toEqual([
      "support/accounts approval-decided close_account",
      "support/accounts tool-result close_account",
      "support tool-result accounts",
    ]);
    expect(second.toolCalls).toEqual([
      ["support", "accounts", "success"],
      ["support/accounts", "close_account", "success"],
    ]);
    // The accounts model was asked twice in all: once before the pause, once after; nothing ran twice.
    const accountsCalls = server.requests.filter((entry) => entry.targetId === "accounts-model");
    expect(accountsCalls).toHaveLength(2);
  });
});
