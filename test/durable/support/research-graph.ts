import { appendFileSync, readFileSync } from "node:fs";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Script } from "@lode/bedrock-local";
import { Agent } from "@lode/core";
import { agentNode, append, graph, START } from "@lode/graph";
import { RedisConversationStore } from "@lode/memory";
import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Each streamed event of a model's answer waits this long: runs are mid-way most of the time. */
const MODEL_DELAY_MS = 15;

/**
 * Searchers call `record_finding` twice, then answer; the writer calls `save_draft`, then answers. Turns are
 * chosen by conversation, so any number of runs walk the script at once.
 */
export const RESEARCH_SCRIPT: Script = {
  models: {
    "searcher-model": {
      turns: [
        { content: [{ toolUse: { name: "record_finding", input: { n: 1 } } }], delayMs: MODEL_DELAY_MS },
        { content: [{ toolUse: { name: "record_finding", input: { n: 2 } } }], delayMs: MODEL_DELAY_MS },
        { text: "Two findings recorded for the query.", delayMs: MODEL_DELAY_MS },
      ],
    },
    "writer-model": {
      turns: [
        { content: [{ toolUse: { name: "save_draft", input: { words: 120 } } }], delayMs: MODEL_DELAY_MS },
        { text: "The report is written.", delayMs: MODEL_DELAY_MS },
      ],
    },
  },
};

/** The nodes of one run of the research graph, by task id. */
export const RESEARCH_TASKS = [
  "0:plan:0",
  "1:search:0",
  "1:search:1",
  "1:search:2",
  "1:outline:0",
  "2:write:0",
  "3:publish:0",
] as const;

/** The agent nodes among them (their runs' sessions are `${sessionId}/${taskId}`). */
export const AGENT_TASKS = ["1:search:0", "1:search:1", "1:search:2", "2:write:0"] as const;

/**
 * One line per execution, appended to `file` synchronously (so it is on disk before the node's checkpoint
 * leaves, and survives a SIGKILL): `node <graphRunId> <taskId> <pid>` when a node finished, `tool <toolUseId>
 * <runId> <pid>` when a non-idempotent tool call did its work.
 */
function recorder(file: string) {
  return (...fields: string[]) => appendFileSync(file, `${[...fields, process.pid].join(" ")}\n`);
}

/** What the execution log says: how many times each node (by `runId taskId`) and each tool call ran. */
export function readExecutions(file: string) {
  const nodes = new Map<string, number>();
  const tools = new Map<string, number>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [kind, a, b] = line.split(" ");
    if (kind === "node") nodes.set(`${a} ${b}`, (nodes.get(`${a} ${b}`) ?? 0) + 1);
    if (kind === "tool" && a) tools.set(a, (tools.get(a) ?? 0) + 1);
  }
  return { nodes, tools };
}

/**
 * The graph of the durable graph tests: `plan` (a function) fans out to three `search` agents, run in
 * parallel with the `outline` function; they join before the `write` agent, then `publish` (a function).
 * Every tool is non-idempotent and takes `toolMs`; every node and tool execution is logged to `log`.
 */
export function researchGraph(options: {
  endpoint: string;
  redisUrl: string;
  prefix: string;
  log: string;
  toolMs: number;
}) {
  const record = recorder(options.log);
  const tool = (name: string, input: z.ZodObject) =>
    defineTool({
      name,
      description: `Does ${name} (not idempotent: it must not run twice).`,
      input,
      run: async (_input, { runId, toolUseId, signal }) => {
        await new Promise((resolve) => setTimeout(resolve, options.toolMs));
        signal.throwIfAborted();
        record("tool", toolUseId, runId);
        return `${name} done`;
      },
    });
  const client = new BedrockRuntimeClient({
    endpoint: options.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" },
    maxAttempts: 1,
  });
  const store = new RedisConversationStore({
    url: options.redisUrl,
    keyPrefix: `${options.prefix}sessions:`,
  });
  const searcher = new Agent({
    name: "searcher",
    modelId: "searcher-model",
    client,
    store,
    tools: [tool("record_finding", z.object({ n: z.number() }))],
  });
  const writer = new Agent({
    name: "writer",
    modelId: "writer-model",
    client,
    store,
    tools: [tool("save_draft", z.object({ words: z.number() }))],
  });
  const done = (taskId: string, runId: string) => record("node", runId, taskId);
  // An agent node's run is `${graphRunId}:${taskId}` (the graph's run id is a UUID, without a colon).
  const agentDone = (agentRunId: string) => {
    const at = agentRunId.indexOf(":");
    done(agentRunId.slice(at + 1), agentRunId.slice(0, at));
  };
  const research = graph({
    name: "research",
    state: z.object({
      topic: z.string(),
      queries: z.array(z.string()).default([]),
      findings: z.array(z.string()).default([]),
      outline: z.string().optional(),
      report: z.string().optional(),
      published: z.boolean().default(false),
    }),
    reducers: { findings: append<string>() },
  })
    .node("plan", (s, ctx) => {
      done(ctx.taskId, ctx.runId);
      return { queries: ["history", "methods", "open problems"].map((part) => `${s.topic}: ${part}`) };
    })
    .node(
      "search",
      agentNode(searcher, {
        input: (_s, item) => `Search for ${String(item)}.`,
        update: (r) => {
          agentDone(r.runId);
          return { findings: [r.text] };
        },
      }),
    )
    .node("outline", async (s, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, options.toolMs));
      done(ctx.taskId, ctx.runId);
      return { outline: `Outline of ${s.topic}` };
    })
    .node(
      "write",
      agentNode(writer, {
        input: (s) => `Write a report on ${s.topic} from ${s.findings.length} findings.`,
        update: (r) => {
          agentDone(r.runId);
          return { report: r.text };
        },
      }),
    )
    .node("publish", (s, ctx) => {
      done(ctx.taskId, ctx.runId);
      return { published: s.report !== undefined };
    })
    .edge(START, "plan")
    .fanOut("plan", "search", (s) => s.queries)
    .edge("plan", "outline")
    .edge(["search", "outline"], "write")
    .edge("write", "publish")
    .build();
  return {
    graph: research,
    store,
    close: async () => {
      client.destroy();
      await store.close();
    },
  };
}
