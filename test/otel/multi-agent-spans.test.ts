import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";
import {
  eventsOf,
  onlySpan,
  parentOf,
  spansNamed,
  spanTreeText,
  startTracing,
  useContextManager,
} from "./support/tracing.js";

useContextManager();
const startAgent = scriptedAgentPerTest();

/** Resolves once `count` callers are waiting on it: the callers only finish if they run at once. */
function meetingOf(count: number): () => Promise<void> {
  let arrived = 0;
  let everyone: () => void = () => {};
  const allThere = new Promise<void>((resolve) => {
    everyone = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === count) everyone();
    return allThere;
  };
}

const sequential = "sequential" as const;

/** Triage hands off to billing, which looks the invoice up and answers. */
const deskScript = {
  models: {
    "triage-model": {
      selection: sequential,
      turns: [
        {
          content: [
            { text: "Let me get billing." },
            { toolUse: { name: "transfer_to_billing", input: { reason: "a refund" }, id: "tu_transfer" } },
          ],
          usage: { inputTokens: 50, outputTokens: 10 },
        },
      ],
    },
    "billing-model": {
      selection: sequential,
      turns: [
        {
          content: [{ toolUse: { name: "lookup_invoice", input: { invoiceId: "INV-7" }, id: "tu_lookup" } }],
          usage: { inputTokens: 80, outputTokens: 12 },
        },
        { text: "INV-7 is refunded.", usage: { inputTokens: 100, outputTokens: 6 } },
      ],
    },
  },
};

async function handoffRun(options: { captureContent?: boolean } = {}) {
  const tracing = startTracing();
  const instrumentation = openTelemetry({ tracer: tracing.tracer, meter: false, ...options });
  const harness = await startAgent(deskScript);
  const lookupInvoice = defineTool({
    name: "lookup_invoice",
    description: "An invoice's state.",
    input: z.object({ invoiceId: z.string() }),
    run: ({ invoiceId }) => ({ invoiceId, state: "refunded" }),
  });
  const billing = harness.createAgent({
    modelId: "billing-model",
    name: "billing",
    description: "Refunds and invoices.",
    tools: [lookupInvoice],
  });
  const triage = harness.createAgent({
    modelId: "triage-model",
    name: "triage",
    handoffs: [billing],
    instrumentation,
  });
  const result = await triage.run("I want a refund for INV-7.", { sessionId: "desk-1" });
  return { result, spans: tracing.spans() };
}

/** A supervisor asks two sub-agents at once; each waits at a meeting only both reach, then answers. */
const supervisorScript = {
  models: {
    "supervisor-model": {
      selection: sequential,
      turns: [
        {
          content: [
            { toolUse: { name: "docs", input: { task: "Find the returns policy." }, id: "tu_docs" } },
            { toolUse: { name: "orders", input: { task: "Find order 42." }, id: "tu_orders" } },
          ],
        },
        { text: "Order 42 can be returned within 30 days." },
      ],
    },
    "docs-model": {
      selection: sequential,
      turns: [
        { content: [{ toolUse: { name: "meet", input: {}, id: "tu_docs_meet" } }] },
        { text: "Returns within 30 days." },
      ],
    },
    "orders-model": {
      selection: sequential,
      turns: [
        { content: [{ toolUse: { name: "meet", input: {}, id: "tu_orders_meet" } }] },
        { text: "Order 42 shipped on Monday." },
      ],
    },
  },
};

async function supervisorRun() {
  const tracing = startTracing();
  const instrumentation = openTelemetry({ tracer: tracing.tracer, meter: false });
  const harness = await startAgent(supervisorScript);
  const meeting = meetingOf(2);
  const meet = defineTool({
    name: "meet",
    description: "Waits for the other sub-agent.",
    input: z.object({}),
    run: async () => {
      await meeting();
      return "met";
    },
  });
  const subAgent = (name: string, description: string) =>
    harness.createAgent({ modelId: `${name}-model`, name, description, tools: [meet], instrumentation });
  const supervisor = harness.createAgent({
    modelId: "supervisor-model",
    name: "supervisor",
    tools: [
      subAgent("docs", "Answers from the policy documents.").asTool(),
      subAgent("orders", "Looks orders up.").asTool(),
    ],
    instrumentation,
  });
  const result = await supervisor.run("Can I return order 42?", { sessionId: "desk-2" });
  return { result, spans: tracing.spans() };
}

function traceIdsOf(spans: readonly ReadableSpan[]): Set<string> {
  return new Set(spans.map((span) => span.spanContext().traceId));
}

describe("a handoff's spans", () => {
  test("keep the run as the root, with the target's turn as an invoke_agent span under it", async () => {
    const { result, spans } = await handoffRun();

    expect(result.text).toBe("INV-7 is refunded.");
    expect(spanTreeText(spans)).toBe(
      [
        "invoke_agent triage",
        "  chat triage-model",
        "  execute_tool transfer_to_billing",
        "  invoke_agent billing",
        "    chat billing-model",
        "    execute_tool lookup_invoice",
        "    chat billing-model",
      ].join("\n"),
    );
    expect(traceIdsOf(spans).size).toBe(1);
    expect(spans.every((span) => span.ended)).toBe(true);
  });

  test("mark the transfer call pass_control, and record the handoff on the agent that handed off", async () => {
    const { spans } = await handoffRun();
    const run = onlySpan(spans, "invoke_agent triage");
    const transfer = onlySpan(spans, "execute_tool transfer_to_billing");

    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(run.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.agent.name": "triage",
      "gen_ai.conversation.id": "desk-1",
      "gen_ai.request.model": "triage-model",
      "lode.agent.path": ["triage"],
      // The run's span carries the whole run's usage, billing's turn included.
      "gen_ai.usage.input_tokens": 230,
      "gen_ai.usage.output_tokens": 28,
    });
    expect(run.attributes).not.toHaveProperty("gen_ai.agent.id");
    expect(transfer.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.agent.name": "triage",
      "gen_ai.tool.call.id": "tu_transfer",
      "gen_ai.transfer.mode": "pass_control",
      "gen_ai.transfer.target.name": "billing",
    });
    // The model's reason is content: left out unless captureContent is on.
    expect(eventsOf(run)).toEqual([
      {
        name: "lode.handoff",
        attributes: {
          "lode.handoff.from": "triage",
          "lode.handoff.to": "billing",
          "gen_ai.tool.call.id": "tu_transfer",
        },
      },
    ]);
  });

  test("record the model's reason for the handoff only with the content", async () => {
    const { spans } = await handoffRun({ captureContent: true });

    expect(eventsOf(onlySpan(spans, "invoke_agent triage"))[0]?.attributes).toMatchObject({
      "lode.handoff.reason": "a refund",
    });
  });

  test("give the target's turn its own agent, model, usage and calls", async () => {
    const { spans } = await handoffRun();
    const run = onlySpan(spans, "invoke_agent triage");
    const turn = onlySpan(spans, "invoke_agent billing");

    expect(parentOf(spans, turn)).toBe(run);
    expect(turn.kind).toBe(SpanKind.INTERNAL);
    expect(turn.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.agent.name": "billing",
      "gen_ai.conversation.id": "desk-1",
      "gen_ai.request.model": "billing-model",
      "lode.agent.path": ["billing"],
      "lode.handoff.from": "triage",
      "lode.run.id": run.attributes["lode.run.id"],
      "gen_ai.usage.input_tokens": 180,
      "gen_ai.usage.output_tokens": 18,
    });
    expect(onlySpan(spans, "execute_tool lookup_invoice").attributes["gen_ai.agent.name"]).toBe("billing");
    for (const chat of spansNamed(spans, "chat billing-model")) expect(parentOf(spans, chat)).toBe(turn);
    expect(parentOf(spans, onlySpan(spans, "chat triage-model"))).toBe(run);
  });
  test("follow each handoff with the next agent's turn, back to the entry agent too", async () => {
    const tracing = startTracing();
    const harness = await startAgent({
      models: {
        "triage-model": {
          selection: sequential,
          turns: [
            { content: [{ toolUse: { name: "transfer_to_billing", input: {}, id: "tu_to_billing" } }] },
            { text: "Triage again." },
          ],
        },
        "billing-model": {
          selection: sequential,
          turns: [{ content: [{ toolUse: { name: "transfer_to_triage", input: {}, id: "tu_to_triage" } }] }],
        },
      },
    });
    const instrumentation = openTelemetry({ tracer: tracing.tracer, meter: false });
    const billing = harness.createAgent({
      modelId: "billing-model",
      name: "billing",
      handoffs: () => [triage],
    });
    const triage = harness.createAgent({
      modelId: "triage-model",
      name: "triage",
      handoffs: [billing],
      instrumentation,
    });
    await triage.run("Not billing after all.");
    const spans = tracing.spans();

    expect(spanTreeText(spans)).toBe(
      [
        "invoke_agent triage",
        "  chat triage-model",
        "  execute_tool transfer_to_billing",
        "  invoke_agent billing",
        "    chat billing-model",
        "    execute_tool transfer_to_triage",
        "  invoke_agent triage",
        "    chat triage-model",
      ].join("\n"),
    );
    const [, back] = spansNamed(spans, "invoke_agent triage");
    expect(back?.attributes).toMatchObject({ "lode.agent.path": ["triage"], "lode.handoff.from": "billing" });
    expect(onlySpan(spans, "execute_tool transfer_to_triage").attributes).toMatchObject({
      "gen_ai.agent.name": "billing",
      "gen_ai.transfer.mode": "pass_control",
      "gen_ai.transfer.target.name": "triage",
    });
  });
});

describe("a supervisor's spans", () => {
  test("put each sub-agent's run under the tool call that ran it, the two calls at once", async () => {
    const { result, spans } = await supervisorRun();

    expect(result.text).toBe("Order 42 can be returned within 30 days.");
    expect(spanTreeText(spans)).toBe(
      [
        "invoke_agent supervisor",
        "  chat supervisor-model",
        "  execute_tool docs",
        "    invoke_agent docs",
        "      chat docs-model",
        "      execute_tool meet",
        "      chat docs-model",
        "  execute_tool orders",
        "    invoke_agent orders",
        "      chat orders-model",
        "      execute_tool meet",
        "      chat orders-model",
        "  chat supervisor-model",
      ].join("\n"),
    );
    expect(traceIdsOf(spans).size).toBe(1);
    expect(spans.every((span) => span.ended)).toBe(true);
  });

  test("mark each sub-agent's call return_to_caller, and name each sub-agent's path", async () => {
    const { spans } = await supervisorRun();
    const supervisor = onlySpan(spans, "invoke_agent supervisor");
    expect(supervisor.attributes).toMatchObject({
      "gen_ai.agent.name": "supervisor",
      "lode.agent.path": ["supervisor"],
      "gen_ai.conversation.id": "desk-2",
    });

    for (const [name, toolUseId] of [
      ["docs", "tu_docs"],
      ["orders", "tu_orders"],
    ] as const) {
      const call = onlySpan(spans, `execute_tool ${name}`);
      const run = onlySpan(spans, `invoke_agent ${name}`);
      expect(parentOf(spans, call)).toBe(supervisor);
      expect(parentOf(spans, run)).toBe(call);
      expect(call.attributes).toMatchObject({
        "gen_ai.agent.name": "supervisor",
        "gen_ai.tool.name": name,
        "gen_ai.tool.call.id": toolUseId,
        "gen_ai.transfer.mode": "return_to_caller",
        "gen_ai.transfer.target.name": name,
      });
      expect(run.attributes).toMatchObject({
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": name,
        "gen_ai.request.model": `${name}-model`,
        "lode.agent.path": ["supervisor", name],
        // The sub-agent keeps its place under a session of its own, derived from the caller's.
        "gen_ai.conversation.id": `desk-2/${name}/${toolUseId}`,
      });
    }
    // Ordinary tools are no transfers.
    for (const meet of spansNamed(spans, "execute_tool meet"))
      expect(meet.attributes).not.toHaveProperty("gen_ai.transfer.mode");
  });
});
