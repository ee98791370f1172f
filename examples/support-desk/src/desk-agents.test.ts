import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { type AgentEvent, type AgentStream, type EventOf, InMemoryConversationStore } from "@lode/core";
import { afterEach, describe, expect, it } from "vitest";
import { createDesk } from "./desk-agents.js";
import { BILLING_GUARDRAIL, SCRIPTED_MODELS } from "./model-backend.js";

const DEMO_SCRIPT = fileURLToPath(new URL("./demo.script.json", import.meta.url));
const SESSION = "desk-test";
const opened: { server: BedrockLocal; client: BedrockRuntimeClient }[] = [];

afterEach(async () => {
  for (const { server, client } of opened.splice(0)) {
    client.destroy();
    await server.close();
  }
});

/** bedrock-local serving `script` over HTTP, and a way to build the desk on it (again, as another process would). */
async function openDesk(script: Script | string = DEMO_SCRIPT) {
  const server = await startBedrockLocal({ script, guardrails: [BILLING_GUARDRAIL] });
  const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  opened.push({ server, client });
  const store = new InMemoryConversationStore();
  const build = () =>
    createDesk({
      models: SCRIPTED_MODELS,
      store,
      client,
      billingGuardrail: { id: BILLING_GUARDRAIL.id, version: "1" },
    });
  return { server, build };
}

async function collect(stream: AgentStream<unknown>): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function ofType<T extends AgentEvent["type"]>(events: AgentEvent[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type);
}

describe("the support desk's agents", () => {
  it("hands a billing question from triage to billing, and pauses billing's large refund for a person", async () => {
    const { server, build } = await openDesk();
    const { triage } = build();
    const stream = triage.stream("I was charged twice for invoice INV-1042. Can I get my money back?", {
      sessionId: SESSION,
    });
    const events = await collect(stream);
    const paused = await stream.result;

    expect(ofType(events, "handoff")).toEqual([
      expect.objectContaining({ from: "triage", to: "billing", reason: "charged twice for INV-1042" }),
    ]);
    expect(server.requests.map((request) => request.targetId)).toEqual([
      "scripted-triage",
      "scripted-billing",
      "scripted-billing",
    ]);
    expect(paused.stopReason).toBe("awaiting_approval");
    expect(paused.pendingApprovals).toEqual([
      expect.objectContaining({
        toolUseId: "tooluse_desk_refund",
        toolName: "refund",
        input: { invoiceId: "INV-1042", amount: 149, reason: "charged twice" },
      }),
    ]);
    // The call is billing's: the approval asked for carries billing's path, as does the step that made it.
    expect(ofType(events, "approval-requested").map((event) => [event.toolName, event.agentPath])).toEqual([
      ["refund", ["billing"]],
    ]);
    expect(paused.steps.map((step) => step.agentPath)).toEqual([["triage"], ["billing"], ["billing"]]);
    expect(paused.toolCalls.find((call) => call.toolName === "lookup_invoice")?.agentPath).toEqual([
      "billing",
    ]);
  });

  it("resumes billing's refund with the decision sent to the session, from desk objects built anew", async () => {
    const { server, build } = await openDesk();
    await build().triage.run("I was charged twice for invoice INV-1042. Can I get my money back?", {
      sessionId: SESSION,
    });
    // New agents over the same store stand for the process that gets the decision.
    const stream = build().triage.stream(
      { decisions: [{ toolUseId: "tooluse_desk_refund", approved: true }] },
      { sessionId: SESSION },
    );
    const events = await collect(stream);
    const resumed = await stream.result;

    expect(ofType(events, "approval-decided")).toEqual([
      expect.objectContaining({ toolName: "refund", approved: true, agentPath: ["billing"] }),
    ]);
    expect(resumed.toolCalls).toEqual([
      expect.objectContaining({ toolName: "refund", status: "success", agentPath: ["billing"] }),
    ]);
    expect(resumed.toolCalls[0]?.content).toEqual([
      { json: { invoiceId: "INV-1042", refunded: 149, reference: "RF-1042-1" } },
    ]);
    expect(server.requests.at(-1)?.targetId).toBe("scripted-billing");
    // Billing's guardrail masked the address in its answer.
    expect(resumed.text).toContain("The receipt goes to {EMAIL}.");
    expect(ofType(events, "guardrail")[0]?.agentPath).toEqual(["billing"]);
  });

  it("answers a denied refund with the person's reason, which billing's model reads", async () => {
    const { server, build } = await openDesk();
    const paused = await build().triage.run(
      "I was charged twice for invoice INV-1042. Can I get my money back?",
      { sessionId: SESSION },
    );
    const resumed = await build().triage.run(
      {
        decisions: [
          { toolUseId: "tooluse_desk_refund", approved: false, reason: "Ask for a receipt first." },
        ],
      },
      { sessionId: SESSION },
    );

    expect(paused.stopReason).toBe("awaiting_approval");
    expect(resumed.toolCalls).toEqual([
      expect.objectContaining({ toolName: "refund", status: "error", agentPath: ["billing"] }),
    ]);
    const sent = JSON.stringify(server.requests.at(-1)?.body);
    expect(server.requests.at(-1)?.targetId).toBe("scripted-billing");
    expect(sent).toContain("Ask for a receipt first.");
  });

  it("sends the next message to billing, who hands back; tech answers from the docs sub-agent", async () => {
    const { server, build } = await openDesk();
    const first = build();
    await first.triage.run("I was charged twice for invoice INV-1042. Can I get my money back?", {
      sessionId: SESSION,
    });
    await first.triage.run(
      { decisions: [{ toolUseId: "tooluse_desk_refund", approved: true }] },
      { sessionId: SESSION },
    );
    const before = server.requests.length;
    const stream = build().triage.stream("Thanks! Also, the app shows error E42 whenever I sync.", {
      sessionId: SESSION,
    });
    const events = await collect(stream);
    const result = await stream.result;

    // The session was with billing: the message went there first.
    expect(server.requests.slice(before).map((request) => request.targetId)).toEqual([
      "scripted-billing",
      "scripted-triage",
      "scripted-tech",
      "scripted-docs",
      "scripted-docs",
      "scripted-tech",
    ]);
    expect(ofType(events, "handoff").map((event) => `${event.from}→${event.to}`)).toEqual([
      "billing→triage",
      "triage→tech",
    ]);
    // The docs agent's events are in the same stream, tagged with its path under tech's.
    const docsEvents = events.filter((event) => event.agentPath.join("/") === "tech/docs");
    expect(ofType(docsEvents, "tool-call").map((event) => event.toolName)).toEqual(["search_docs"]);
    expect(
      ofType(docsEvents, "text-delta")
        .map((event) => event.text)
        .join(""),
    ).toBe('E42: the sync token expired; signing out and in again gets a new one ("Sync error codes").');
    const docsStart = ofType(docsEvents, "run-start")[0];
    expect(docsStart?.parent).toEqual(
      expect.objectContaining({ toolUseId: "tooluse_desk_ask_docs", agentPath: ["tech"] }),
    );
    // Tech's answer is built on the docs agent's, which came back as the docs tool's result.
    const asked = result.toolCalls.find((call) => call.toolName === "docs");
    expect(asked).toMatchObject({ agentPath: ["tech"], status: "success" });
    expect(asked?.content).toEqual([
      { text: 'E42: the sync token expired; signing out and in again gets a new one ("Sync error codes").' },
    ]);
    expect(result.text).toMatch(/^E42 means your sync token expired\./);
    expect(result.usageByAgent.map((entry) => [entry.agentPath.join("/"), entry.modelCalls])).toEqual([
      ["billing", 1],
      ["triage", 1],
      ["tech", 2],
      ["tech/docs", 2],
    ]);
    // Triage's handoff to tech drops the tool calls before it: tech never sees billing's lookups.
    const techRequest = JSON.stringify(
      server.requests.find((request) => request.targetId === "scripted-tech")?.body,
    );
    expect(techRequest).not.toContain("lookup_invoice");
    expect(techRequest).toContain("E42");
  });

  it("runs a refund at or under the threshold at once, without asking anyone", async () => {
    const script: Script = {
      models: {
        "scripted-triage": {
          turns: [{ content: [{ toolUse: { name: "transfer_to_billing", input: {} } }] }],
        },
        "scripted-billing": {
          selection: "sequential",
          turns: [
            {
              content: [
                {
                  toolUse: {
                    name: "refund",
                    input: { invoiceId: "INV-1043", amount: 39, reason: "cancelled" },
                  },
                },
              ],
            },
            { text: "Refunded 39 €." },
          ],
        },
      },
    };
    const { build } = await openDesk(script);
    const result = await build().triage.run("Refund INV-1043 please.", { sessionId: SESSION });

    expect(result.stopReason).toBe("end_turn");
    expect(result.pendingApprovals).toEqual([]);
    expect(result.toolCalls.map((call) => [call.toolName, call.status])).toEqual([
      ["transfer_to_billing", "success"],
      ["refund", "success"],
    ]);
    expect(result.text).toBe("Refunded 39 €.");
  });
});
