import {
  type Agent,
  type AgentEvent,
  type AgentOptions,
  InMemoryConversationStore,
  type RunResult,
} from "@lode/core";
import { assertHandoffs, handoffsOf, script, toolCallsOf, usageOfAgent } from "@lode/testing";
import { installLodeMatchers } from "@lode/testing/vitest";
import { defineTool } from "@lode/tools";
import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { type ScriptedAgent, startScriptedAgent } from "../support/scripted-agent.js";

installLodeMatchers();

const lookupOrderOptions = {
  name: "lookup_order",
  description: "An order by its id.",
  input: z.object({ order: z.string() }),
  run: ({ order }: { order: string }) => ({ order, total: 42 }),
};
const lookupOrder = defineTool(lookupOrderOptions);
const refund = defineTool({
  name: "refund",
  description: "Refunds an order.",
  input: z.object({ order: z.string() }),
  run: ({ order }) => ({ order, refunded: true }),
});
const searchDocs = defineTool({
  name: "search_docs",
  description: "Searches the help pages.",
  input: z.object({ query: z.string() }),
  run: ({ query }) => ({ query, hits: ["Refunds take five days."] }),
});

/** Triage looks the order up and hands off to billing; billing refunds it and hands back; triage closes. */
const deskScript = script()
  .model("triage-model", { selection: "sequential" })
  .turn((t) => t.toolUse("lookup_order", { order: "A1" }).usage({ inputTokens: 10, outputTokens: 5 }))
  .turn((t) => t.toolUse("transfer_to_billing", { reason: "a refund" }, { id: "tu_to_billing" }))
  .turn((t) => t.text("Triage again: anything else?"))
  .model("billing-model", { selection: "sequential" })
  .turn((t) => t.toolUse("refund", { order: "A1" }).usage({ inputTokens: 100, outputTokens: 20 }))
  .turn((t) =>
    t.toolUse("transfer_to_triage", {}, { id: "tu_to_triage" }).usage({ inputTokens: 5, outputTokens: 1 }),
  )
  .build();

function makeDesk(harness: ScriptedAgent, triageOptions: Partial<AgentOptions> = {}): Agent {
  const { store } = triageOptions;
  const billing: Agent = harness.createAgent({
    ...(store ? { store } : {}),
    modelId: "billing-model",
    name: "billing",
    description: "Refunds.",
    tools: [refund],
    handoffs: () => [triage],
  });
  const triage: Agent = harness.createAgent({
    modelId: "triage-model",
    name: "triage",
    tools: [lookupOrder],
    handoffs: [billing],
    ...triageOptions,
  });
  return triage;
}

/** Support asks its docs sub-agent (a tool), which searches the help pages, then support answers. */
const supervisorScript = script()
  .model("support-model", { selection: "sequential" })
  .turn((t) =>
    t.toolUse("docs", { task: "How long do refunds take?" }).usage({ inputTokens: 30, outputTokens: 4 }),
  )
  .turn((t) => t.text("Refunds take five days.").usage({ inputTokens: 40, outputTokens: 6 }))
  .model("docs-model", { selection: "sequential" })
  .turn((t) => t.toolUse("search_docs", { query: "refunds" }).usage({ inputTokens: 200, outputTokens: 8 }))
  .turn((t) => t.text("Five days.").usage({ inputTokens: 210, outputTokens: 3 }))
  .build();

function makeSupport(harness: ScriptedAgent): Agent {
  const docs = harness.createAgent({ modelId: "docs-model", name: "docs", tools: [searchDocs] });
  return harness.createAgent({ modelId: "support-model", name: "support", tools: [docs.asTool()] });
}

/** Runs `agent` on `input` through its stream: every event, and the result. */
async function streamed(
  agent: Agent,
  input: string,
): Promise<{ events: AgentEvent[]; result: RunResult<unknown> }> {
  const stream = agent.stream(input);
  const events: AgentEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result };
}

/** The message of the assertion `check` fails with. */
function failureOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the assertion to fail");
}

const harnesses: ScriptedAgent[] = [];
let desk: { events: AgentEvent[]; result: RunResult<unknown> };
let support: { events: AgentEvent[]; result: RunResult<unknown> };
beforeAll(async () => {
  const [deskHarness, supportHarness] = await Promise.all([
    startScriptedAgent(deskScript),
    startScriptedAgent(supervisorScript),
  ]);
  harnesses.push(deskHarness, supportHarness);
  desk = await streamed(makeDesk(deskHarness), "Refund order A1, please.");
  support = await streamed(makeSupport(supportHarness), "How long do refunds take?");
  return async () => {
    await Promise.all(harnesses.map((harness) => harness.close()));
  };
});

describe("handoff matchers", () => {
  test("read the same handoffs from a run's events and from its result", () => {
    const expected = [
      {
        from: "triage",
        to: "billing",
        agentPath: ["triage"],
        toolUseId: "tu_to_billing",
        reason: "a refund",
      },
      { from: "billing", to: "triage", agentPath: ["billing"], toolUseId: "tu_to_triage" },
    ];
    expect(handoffsOf(desk.events)).toEqual(expected);
    expect(handoffsOf(desk.result)).toEqual(expected);
    expect(handoffsOf(support.result)).toEqual([]);
  });

  test("toHaveHandedOff passes for a handoff the run made, by name or with its reason", () => {
    for (const source of [desk.result, desk.events]) {
      expect(source).toHaveHandedOff({ from: "triage", to: "billing" });
      expect(source).toHaveHandedOff({ to: "triage" });
      expect(source).toHaveHandedOff({ from: ["billing"] });
      expect(source).toHaveHandedOff({ to: "billing", reason: /refund/ });
      expect(source).not.toHaveHandedOff({ from: "triage", to: "tech" });
    }
    expect(support.result).not.toHaveHandedOff({});
  });

  test("toHaveHandedOff fails saying what the run handed off instead", () => {
    expect(failureOf(() => expect(desk.result).toHaveHandedOff({ from: "triage", to: "tech" }))).toBe(
      "expected a handoff triage -> tech, but the run handed off triage -> billing, then billing -> triage",
    );
    expect(failureOf(() => expect(desk.events).toHaveHandedOff({ to: "billing", reason: "a refund?" }))).toBe(
      'expected a handoff (any) -> billing (reason a refund?), but the run handed off triage -> billing (reason "a refund"), then billing -> triage',
    );
    expect(failureOf(() => expect(support.events).toHaveHandedOff({ to: "billing" }))).toBe(
      "expected a handoff (any) -> billing, but the run made no handoff",
    );
    expect(failureOf(() => expect(desk.result).not.toHaveHandedOff({ to: "billing" }))).toBe(
      "expected no handoff (any) -> billing, but the run handed off triage -> billing, then billing -> triage",
    );
  });

  test("toHaveHandoffs checks the whole sequence, in order", () => {
    const sequence = [
      { from: "triage", to: "billing" },
      { from: "billing", to: "triage" },
    ];
    expect(desk.result).toHaveHandoffs(sequence);
    expect(desk.events).toHaveHandoffs(sequence);
    expect(support.result).toHaveHandoffs([]);
    expect(desk.result).not.toHaveHandoffs([{ from: "triage", to: "billing" }]);
    expect(failureOf(() => expect(desk.result).toHaveHandoffs([...sequence].reverse()))).toBe(
      "expected the handoffs to be billing -> triage, then triage -> billing, but the run handed off triage -> billing, then billing -> triage",
    );
    expect(failureOf(() => expect(desk.events).toHaveHandoffs([]))).toBe(
      "expected the handoffs to be no handoff, but the run handed off triage -> billing, then billing -> triage",
    );
    expect(() => assertHandoffs(desk.result, sequence)).not.toThrow();
    expect(() => assertHandoffs(support.events, [{ to: "billing" }])).toThrow(
      "expected the handoffs to be (any) -> billing, but the run made no handoff",
    );
  });
});

test("a run stopped right after a handoff still shows it in its result", async () => {
  const harness = await startScriptedAgent(deskScript);
  harnesses.push(harness);
  const { events, result } = await streamed(makeDesk(harness, { maxSteps: 2 }), "Refund order A1, please.");

  expect(result.stopReason).toBe("max_steps");
  expect(result.steps.map((step) => step.agentPath)).toEqual([["triage"], ["triage"]]);
  expect(handoffsOf(result)).toEqual(handoffsOf(events));
  expect(result).toHaveHandoffs([{ from: "triage", to: "billing", reason: "a refund" }]);
});

test("a transfer answered before a pause is the handoff of the run that resumes", async () => {
  const pausing = script()
    .model("triage-model", { selection: "sequential" })
    .turn((t) =>
      t
        .toolUse("lookup_order", { order: "A1" }, { id: "tu_lookup" })
        .toolUse("transfer_to_billing", { reason: "a refund" }, { id: "tu_to_billing" }),
    )
    .model("billing-model", { selection: "sequential" })
    .turn((t) => t.text("Billing here."))
    .build();
  const harness = await startScriptedAgent(pausing);
  harnesses.push(harness);
  const store = new InMemoryConversationStore();
  const guardedLookup = defineTool({ ...lookupOrderOptions, needsApproval: true });
  const triage = makeDesk(harness, { tools: [guardedLookup], store });
  const paused = await triage.run("Refund order A1, please.", { sessionId: "s" });
  const stream = triage.stream(
    { decisions: [{ toolUseId: "tu_lookup", approved: true }] },
    { sessionId: "s" },
  );
  const events: AgentEvent[] = [];
  for await (const event of stream) events.push(event);
  const resumed = await stream.result;

  expect(paused.stopReason).toBe("awaiting_approval");
  expect(paused).toHaveCalledTool("transfer_to_billing");
  expect(paused).toHaveHandoffs([]);
  // Step 0 is triage's model call; its calls say so (its own agentPath, today, says billing: the agent
  // speaking when the run ended), and handoffsOf reads them.
  expect(resumed.steps.map((step) => step.step)).toEqual([0, 1]);
  expect(resumed.steps[0]?.toolCalls.map((call) => call.agentPath)).toEqual([["triage"]]);
  expect(handoffsOf(resumed)).toEqual(handoffsOf(events));
  expect(handoffsOf(resumed)).toEqual([
    { from: "triage", to: "billing", agentPath: ["triage"], toolUseId: "tu_to_billing", reason: "a refund" },
  ]);
});

/** Support asks docs; docs hands off to faq inside support's call; faq answers; support answers. */
const nestedScript = script()
  .model("support-model", { selection: "sequential" })
  .turn((t) => t.toolUse("docs", { task: "Refunds?" }))
  .turn((t) => t.text("Five days."))
  .model("docs-model", { selection: "sequential" })
  .turn((t) => t.toolUse("transfer_to_faq", { reason: "a common question" }, { id: "tu_to_faq" }))
  .model("faq-model", { selection: "sequential" })
  .turn((t) => t.toolUse("search_docs", { query: "refunds" }))
  .turn((t) => t.text("Five days."))
  .build();

test("a sub-agent's handoff inside its call reads the same from the events and from the result", async () => {
  const harness = await startScriptedAgent(nestedScript);
  harnesses.push(harness);
  const faq = harness.createAgent({ modelId: "faq-model", name: "faq", tools: [searchDocs] });
  const docs = harness.createAgent({ modelId: "docs-model", name: "docs", handoffs: [faq] });
  const supervisor = harness.createAgent({
    modelId: "support-model",
    name: "support",
    tools: [docs.asTool()],
  });
  const { events, result } = await streamed(supervisor, "How long do refunds take?");

  const expected = [
    {
      from: "docs",
      to: "faq",
      agentPath: ["support", "docs"],
      toolUseId: "tu_to_faq",
      reason: "a common question",
    },
  ];
  expect(handoffsOf(events)).toEqual(expected);
  expect(handoffsOf(result)).toEqual(expected);
  expect(result).toHaveHandoffs([{ from: ["support", "docs"], to: "faq" }]);
  expect(result).toHaveCalledTool({ name: "search_docs", agentPath: ["support", "faq"] });
  expect(failureOf(() => expect(events).toHaveHandedOff({ from: "support" }))).toBe(
    "expected a handoff support -> (any), but the run handed off support/docs -> faq",
  );
});

describe("which agent called what", () => {
  test("toolCallsOf says which agent made each call, the run's and its sub-agents'", () => {
    expect(toolCallsOf(desk.result).map(({ name, agentPath }) => [name, agentPath])).toEqual([
      ["lookup_order", ["triage"]],
      ["transfer_to_billing", ["triage"]],
      ["refund", ["billing"]],
      ["transfer_to_triage", ["billing"]],
    ]);
    const supervised = [
      { name: "docs", input: { task: "How long do refunds take?" }, agentPath: ["support"] },
      { name: "search_docs", input: { query: "refunds" }, agentPath: ["support", "docs"] },
    ];
    expect(toolCallsOf(support.result)).toEqual(supervised);
    expect(toolCallsOf(support.events)).toEqual(supervised);
  });

  test("toHaveCalledTool takes the agent that must have made the call, by name or by path", () => {
    expect(desk.result).toHaveCalledTool({ name: "refund", agent: "billing", input: { order: "A1" } });
    expect(desk.events).toHaveCalledTool({ name: "lookup_order", agentPath: ["triage"] });
    expect(desk.result).not.toHaveCalledTool({ name: "refund", agent: "triage" });
    expect(support.result).toHaveCalledTool({ name: "search_docs", agent: "docs" });
    expect(support.events).toHaveCalledTool({ name: "search_docs", agentPath: ["support", "docs"] });
    expect(support.result).not.toHaveCalledTool({ name: "search_docs", agentPath: ["docs"] });
    expect(failureOf(() => expect(desk.result).toHaveCalledTool({ name: "refund", agent: "triage" }))).toBe(
      "expected the run to have called refund by triage; the calls made:\n" +
        '  lookup_order {"order":"A1"} by triage\n' +
        '  transfer_to_billing {"reason":"a refund"} by triage\n' +
        '  refund {"order":"A1"} by billing\n' +
        "  transfer_to_triage {} by billing",
    );
  });

  test("toHaveToolTrajectory entries may name the agent, and a failure says who made each call", () => {
    expect(support.result).toHaveToolTrajectory([
      { name: "docs", agent: "support" },
      { name: "search_docs", agentPath: ["support", "docs"], input: { query: "refunds" } },
    ]);
    expect(desk.events).toHaveToolTrajectory([{ name: "refund", agent: "billing" }], "superset");
    expect(
      failureOf(() =>
        expect(support.events).toHaveToolTrajectory([{ name: "search_docs", agent: "support" }], "superset"),
      ),
    ).toBe(
      "expected the tool calls to match (superset):\n" +
        "  search_docs {} by support\n" +
        "the calls made:\n" +
        '  docs {"task":"How long do refunds take?"} by support\n' +
        '  search_docs {"query":"refunds"} by support/docs',
    );
  });
});

describe("usage by agent", () => {
  test("usageOfAgent reads one agent's tokens from usageByAgent", () => {
    expect(usageOfAgent(support.result, "support")).toMatchObject({ inputTokens: 70, outputTokens: 10 });
    expect(usageOfAgent(support.result, ["support", "docs"])).toMatchObject({
      inputTokens: 410,
      outputTokens: 11,
    });
    expect(usageOfAgent(support.result, "docs")?.totalTokens).toBe(421);
    expect(usageOfAgent(desk.result, "billing")).toMatchObject({ inputTokens: 105, outputTokens: 21 });
    expect(usageOfAgent(desk.result, "tech")).toBeUndefined();
  });

  test("toHaveUsedAtMostTokens counts one agent's tokens with `by`", () => {
    expect(support.result).toHaveUsedAtMostTokens(501);
    expect(support.result).toHaveUsedAtMostTokens(80, { by: "support" });
    expect(support.result).not.toHaveUsedAtMostTokens(400, { by: ["support", "docs"] });
    expect(failureOf(() => expect(support.result).toHaveUsedAtMostTokens(100, { by: "docs" }))).toBe(
      "expected at most 100 tokens by docs; docs used 421",
    );
    expect(failureOf(() => expect(desk.result).toHaveUsedAtMostTokens(100, { by: "tech" }))).toBe(
      "expected at most 100 tokens by tech, but no agent tech made a model call (those that did: triage, billing)",
    );
  });
});
