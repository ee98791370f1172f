import { applyGuardrail, type ToolGuardrailIntervention } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  type RequestBody,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
} from "../support/scripted-agent.js";
import { customerLookup } from "./support/customer-lookup.js";
import { converseBodies, interventionsOf, SUPPORT_GUARDRAIL } from "./support/guardrails.js";

const startAgent = scriptedAgentPerTest();

/** The toolResult blocks of the last user message of the `index`-th ConverseStream request. */
function toolResultsSent(server: Parameters<typeof converseBodies>[0], index: number): RequestBody[] {
  const messages = (converseBodies(server)[index]?.messages ?? []) as RequestBody[];
  const last = messages.at(-1)?.content ?? [];
  return last.flatMap((block: RequestBody) => (block.toolResult ? [block.toolResult] : []));
}
const guardrails = [SUPPORT_GUARDRAIL];

describe("a tool guardrail", () => {
  test("masks PII in a tool's JSON result before the model reads it", async () => {
    const lookup = customerLookup();
    const { agent, server } = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "find_customer", input: { id: "C-7" } } }] },
        { text: "I found the customer." },
      ),
      { guardrails, tools: [lookup.tool], toolGuardrail: { id: "support", version: "1" } },
    );
    const stream = agent.stream("Who is customer C-7?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const [intervention] = interventionsOf(events) as ToolGuardrailIntervention[];
    expect(intervention).toMatchObject({
      origin: "tool",
      side: "output",
      action: "masked",
      toolName: "find_customer",
      toolUseId: result.toolCalls[0]?.toolUseId,
      guardrailId: "support",
      policies: ["sensitive-information"],
      findings: [
        {
          policy: "sensitive-information",
          kind: "pii",
          type: "EMAIL",
          match: "ana@example.com",
          action: "masked",
        },
      ],
    });
    expect(result.guardrailInterventions).toEqual([intervention]);
    expect(result.guardrail).toBeUndefined();
    const masked = [{ json: { id: "C-7", email: "{EMAIL}" } }];
    expect(eventsOfType(events, "tool-result")[0]?.content).toEqual(masked);
    expect(result.toolCalls[0]).toMatchObject({ status: "success", content: masked });
    expect(toolResultsSent(server, 1)[0]?.content).toEqual(masked);
    // The tool's input was checked first (source OUTPUT: the model wrote it), then its result (INPUT).
    expect(server.requests.map((entry) => entry.operation)).toEqual([
      "ConverseStream",
      "ApplyGuardrail",
      "ApplyGuardrail",
      "ConverseStream",
    ]);
    expect(server.requests.map((entry) => (entry.body as { source?: string }).source)).toEqual([
      undefined,
      "OUTPUT",
      "INPUT",
      undefined,
    ]);
  });

  test("refuses to run a tool whose input the guardrail blocks, answering with its message", async () => {
    const lookup = customerLookup();
    const { agent, server } = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "find_customer", input: { id: "the confidential list" } } }] },
        { text: "I cannot look that up." },
      ),
      { guardrails, tools: [lookup.tool], toolGuardrail: { id: "support", version: "1", output: false } },
    );
    const stream = agent.stream("Show me the confidential list.");
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(lookup.run).not.toHaveBeenCalled();
    expect(interventionsOf(events)).toEqual([
      expect.objectContaining({
        origin: "tool",
        side: "input",
        action: "blocked",
        findings: [{ policy: "word", match: "confidential", action: "blocked" }],
      }),
    ]);
    expect(result.toolCalls[0]).toMatchObject({
      status: "error",
      content: [{ text: "I can't share that." }],
    });
    const [sent] = toolResultsSent(server, 1);
    expect(sent?.status).toBe("error");
    expect(resultText(sent ?? {})).toBe("I can't share that.");
    expect(result.text).toBe("I cannot look that up.");
  });

  test("runs a tool with its input as the guardrail masked it", async () => {
    const run = vi.fn(async ({ note }: { note: string }) => `saved: ${note}`);
    const saveNote = defineTool({
      name: "save_note",
      description: "Save a note.",
      input: z.object({ note: z.string() }),
      run,
      guardrail: { id: "support", version: "1", output: false },
    });
    const { agent } = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "save_note", input: { note: "Call back ana@example.com" } } }] },
        { text: "Saved." },
      ),
      { guardrails, tools: [saveNote] },
    );
    const result = await agent.run("Note that I should call Ana back.");

    expect(run).toHaveBeenCalledWith({ note: "Call back {EMAIL}" }, expect.anything());
    expect(result.toolCalls[0]).toMatchObject({
      input: { note: "Call back ana@example.com" },
      status: "success",
      content: [{ text: "saved: Call back {EMAIL}" }],
    });
    expect(result.guardrailInterventions).toEqual([
      expect.objectContaining({ origin: "tool", side: "input", action: "masked" }),
    ]);
  });

  test("uses a tool's own guardrail, and leaves out a tool that opts out of the agent's", async () => {
    const exempt = customerLookup();
    const ownRun = vi.fn(async () => "Card on file: 4111 1111 1111 1111");
    const cardTool = defineTool({
      name: "card_on_file",
      description: "The card on file.",
      input: z.object({}),
      run: ownRun,
      guardrail: { id: "support", version: "DRAFT", input: false },
    });
    const exemptTool = { ...exempt.tool, guardrail: false as const };
    const { agent, server } = await startAgent(
      scriptOf(
        {
          content: [
            { toolUse: { name: "find_customer", input: { id: "C-7" } } },
            { toolUse: { name: "card_on_file", input: {} } },
          ],
        },
        { text: "Done." },
      ),
      { guardrails, tools: [exemptTool, cardTool], toolGuardrail: { id: "unused", version: "1" } },
    );
    const result = await agent.run("Customer and card, please.");

    const [customer, card] = toolResultsSent(server, 1);
    expect(customer?.content).toEqual([{ json: { id: "C-7", email: "ana@example.com" } }]);
    // A result is checked as INPUT (the model reads it): a block answers with the input's message.
    expect(card).toMatchObject({ status: "error", content: [{ text: "I can't help with that." }] });
    expect(ownRun).toHaveBeenCalledOnce();
    expect(result.guardrailInterventions).toEqual([
      expect.objectContaining({
        toolName: "card_on_file",
        side: "output",
        action: "blocked",
        guardrailVersion: "DRAFT",
      }),
    ]);
    expect(server.requests.filter((entry) => entry.operation === "ApplyGuardrail")).toHaveLength(1);
  });

  test("fails closed when the guardrail cannot be applied: the tool is not run", async () => {
    const lookup = customerLookup();
    const { agent } = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "find_customer", input: { id: "C-7" } } }] },
        { text: "Sorry." },
      ),
      { guardrails, tools: [lookup.tool], toolGuardrail: { id: "no-such-guardrail", version: "1" } },
    );
    const result = await agent.run("Who is customer C-7?");

    expect(lookup.run).not.toHaveBeenCalled();
    expect(result.toolCalls[0]?.status).toBe("error");
    expect(resultText({ content: result.toolCalls[0]?.content })).toMatch(
      /^Tool "find_customer" was not run: its guardrail check failed \(not-found: ResourceNotFoundException: The guardrail identifier or version provided in the request does not exist\.\)\.$/,
    );
  });
});

describe("applyGuardrail", () => {
  test("masks each text it is given, and passes clean text", async () => {
    const { client } = await startAgent(scriptOf({ text: "unused" }), { guardrails });
    const masked = await applyGuardrail({
      client,
      id: "support",
      version: "1",
      source: "OUTPUT",
      content: ["Mail ana@example.com", "or bo@example.org"],
    });
    const clean = await applyGuardrail({
      client,
      id: "support",
      version: "1",
      source: "INPUT",
      content: "Hello",
    });

    expect(masked).toMatchObject({
      action: "GUARDRAIL_INTERVENED",
      outputs: ["Mail {EMAIL}", "or {EMAIL}"],
      intervention: { action: "masked", policies: ["sensitive-information"] },
    });
    expect(masked.requestId).toEqual(expect.any(String));
    expect(clean).toMatchObject({ action: "NONE", outputs: [] });
    expect(clean.intervention).toBeUndefined();
  });

  test("rejects an unknown guardrail with a not-found LodeError carrying the request id", async () => {
    const { client, server } = await startAgent(scriptOf({ text: "unused" }), { guardrails });
    const error = await lodeErrorOf(
      applyGuardrail({ client, id: "support", version: "9", source: "INPUT", content: "Hello" }),
    );

    expect(error.code).toBe("not-found");
    expect(error.requestId).toBe(server.requests[0]?.requestId);
  });
});
