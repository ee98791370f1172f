import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type ConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Resolves once `parties` callers have arrived, or says they did not within `ms` (so a test fails, not hangs). */
export function barrier(parties: number, ms = 5_000) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    arrive: async (): Promise<"overlapped" | "alone"> => {
      if (++arrived === parties) open();
      const timer = new Promise<"alone">((resolve) => setTimeout(() => resolve("alone"), ms).unref());
      return Promise.race([opened.then(() => "overlapped" as const), timer]);
    },
  };
}

/** What the sub-agents' tools did in this process. */
export interface SupervisorLog {
  closed: string[];
  met: string[];
}

/**
 * A supervisor ("support") with two sub-agents as tools: docs (searches) and accounts (looks up, and closes
 * accounts only with a person's approval). Their tools meet at `meet` when given one (both must be running).
 */
export function supervisorAgents(
  client: BedrockRuntimeClient,
  store: ConversationStore,
  log: SupervisorLog,
  meet?: ReturnType<typeof barrier>,
) {
  const search = defineTool({
    name: "search_docs",
    description: "Searches the docs.",
    input: z.object({ query: z.string() }),
    run: async ({ query }) => {
      log.met.push(meet ? `docs:${await meet.arrive()}` : "docs");
      return { hits: [`How to ${query}: open Settings.`] };
    },
  });
  const lookup = defineTool({
    name: "lookup_account",
    description: "Looks up an account.",
    input: z.object({ id: z.string() }),
    run: async ({ id }) => {
      log.met.push(meet ? `accounts:${await meet.arrive()}` : "accounts");
      return { id, status: "active" };
    },
  });
  const close = defineTool({
    name: "close_account",
    description: "Closes an account.",
    input: z.object({ id: z.string() }),
    needsApproval: true,
    run: async ({ id }) => {
      log.closed.push(id);
      return { id, status: "closed" };
    },
  });
  const prices = {
    "support-model": { input: 3, output: 15 },
    "docs-model": { input: 1, output: 5 },
    "accounts-model": { input: 2, output: 10 },
  };
  const docs = new Agent({ name: "docs", modelId: "docs-model", client, store, prices, tools: [search] });
  const accounts = new Agent({
    name: "accounts",
    modelId: "accounts-model",
    client,
    store,
    prices,
    tools: [lookup, close],
  });
  const support = new Agent({
    name: "support",
    modelId: "support-model",
    client,
    store,
    prices,
    tools: [docs.asTool({ description: "Ask the docs." }), accounts.asTool({ description: "Ask accounts." })],
  });
  return { support, docs, accounts };
}

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});

/** Support asks both sub-agents at once; each calls its tool, then answers; support sums up. */
export const PARALLEL_SCRIPT = {
  models: {
    "support-model": {
      selection: "sequential",
      turns: [
        {
          content: [
            { toolUse: { name: "docs", input: { task: "reset a password" }, id: "tu_docs" } },
            { toolUse: { name: "accounts", input: { task: "status of A-7" }, id: "tu_acc" } },
          ],
          usage: usage(100, 20),
        },
        { text: "Open Settings to reset; A-7 is active.", usage: usage(300, 30) },
      ],
    },
    "docs-model": {
      selection: "sequential",
      turns: [
        {
          content: [
            { toolUse: { name: "search_docs", input: { query: "reset a password" }, id: "tu_search" } },
          ],
          usage: usage(50, 5),
        },
        { text: "Open Settings.", usage: usage(70, 7) },
      ],
    },
    "accounts-model": {
      selection: "sequential",
      turns: [
        {
          content: [{ toolUse: { name: "lookup_account", input: { id: "A-7" }, id: "tu_lookup" } }],
          usage: usage(40, 4),
        },
        { text: "A-7 is active.", usage: usage(60, 6) },
      ],
    },
  },
};

/** Support asks accounts to close A-7; closing waits for a person; once approved, both answer. */
export const APPROVAL_SCRIPT = {
  models: {
    "support-model": {
      selection: "sequential",
      turns: [
        { content: [{ toolUse: { name: "accounts", input: { task: "close A-7" }, id: "tu_acc" } }] },
        { text: "A-7 is closed." },
      ],
    },
    "accounts-model": {
      selection: "sequential",
      turns: [
        { content: [{ toolUse: { name: "close_account", input: { id: "A-7" }, id: "tu_close" } }] },
        { text: "Closed A-7." },
      ],
    },
  },
};
