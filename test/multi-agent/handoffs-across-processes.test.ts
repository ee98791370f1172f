import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { RedisConversationStore } from "@lode/memory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SUPPORT_GUARDRAIL } from "../guardrails/support/guardrails.js";
import { REDIS_URL } from "../memory/support/servers.js";
import type { RequestBody } from "../support/scripted-agent.js";
import { inWorkerProcess } from "../support/worker-process.js";
import { DESK_SCRIPT } from "./support/desk.js";

const WORKER = fileURLToPath(new URL("./support/desk-worker.ts", import.meta.url));

let server: BedrockLocal;
const keyPrefix = `lode-test-handoffs-${randomUUID()}:`;
const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
beforeAll(async () => {
  server = await startBedrockLocal({ script: DESK_SCRIPT as Script, guardrails: [SUPPORT_GUARDRAIL] });
});
afterAll(async () => {
  for (const sessionId of await store.listSessions()) await store.delete(sessionId);
  await store.close();
  await server?.close();
});

/** One user message in a process of its own, on the session in Redis; what it printed. */
async function inNewProcess(sessionId: string, message: string) {
  const args = [server.clientConfig.endpoint, REDIS_URL, keyPrefix, sessionId, message];
  return inWorkerProcess(WORKER, args);
}

/** The ConverseStream requests bedrock-local answered for `modelId`, in order. */
function requestsTo(modelId: string): RequestBody[] {
  return server.requests
    .filter((entry) => entry.operation === "ConverseStream" && entry.targetId === modelId)
    .map((entry) => entry.body as RequestBody);
}

function toolNames(body: RequestBody): string[] {
  return (body.toolConfig?.tools ?? []).map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name);
}

describe("a handed-over conversation, across processes on the Redis store", () => {
  // Each message is a Node process of its own (with tsx): slow on a loaded machine.
  test("goes to billing in the next process, with billing's tools and guardrail, until billing hands back", {
    timeout: 90_000,
  }, async () => {
    const sessionId = `desk-${randomUUID()}`;
    const first = await inNewProcess(sessionId, "I was charged twice for INV-1.");
    expect(first).toMatchObject({
      speakers: ["triage", "billing", "billing"],
      handoffs: ["triage->billing"],
      stopReason: "end_turn",
      text: "INV-1 was charged twice.",
      lookups: ["INV-1"],
    });

    // A new process: the message goes to billing, not back to the entry agent.
    const second = await inNewProcess(sessionId, "Please refund the extra 40.");
    expect(second).toMatchObject({
      speakers: ["billing", "billing"],
      handoffs: [],
      text: "Refunded 40.",
      refunds: [40],
    });

    const third = await inNewProcess(sessionId, "Thanks. Something else entirely.");
    expect(third).toMatchObject({
      speakers: ["billing", "triage"],
      handoffs: ["billing->triage"],
      text: "Triage here again: what else can I do?",
    });

    // Every request went to the agent speaking, with its own system prompt, tools and guardrail.
    const billing = requestsTo("billing-model");
    const triage = requestsTo("triage-model");
    expect(billing).toHaveLength(5);
    expect(triage).toHaveLength(2);
    for (const body of billing) {
      expect(body.system).toEqual([{ text: "You are billing." }]);
      expect(toolNames(body)).toEqual(["lookup_invoice", "refund", "transfer_to_triage"]);
      expect(body.guardrailConfig).toMatchObject({ guardrailIdentifier: "support", guardrailVersion: "1" });
    }
    for (const body of triage) {
      expect(body.system).toEqual([{ text: "You are triage." }]);
      expect(body.guardrailConfig).toBeUndefined();
      // Triage offers its transfer; a history that used billing's tools declares them too (Bedrock requires it).
      expect(toolNames(body)[0]).toBe("transfer_to_billing");
    }
    // The conversation is one: billing's third request carries the whole session so far.
    const texts = JSON.stringify(billing[2]?.messages);
    expect(texts).toContain("I was charged twice for INV-1.");
    expect(texts).toContain("Transferred to billing.");
    expect(texts).toContain("Please refund the extra 40.");
  });
});
