import { describe, expect, test, vi } from "vitest";
import { collectEvents, eventsOfType, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { customerLookup } from "./support/customer-lookup.js";
import { SUPPORT_GUARDRAIL } from "./support/guardrails.js";

const startAgent = scriptedAgentPerTest();
// Short backoff: the test checks which retries happen, not how long they wait.
const fastRetry = { initialDelayMs: 1, maxDelayMs: 5 };

describe("a tool guardrail's check", () => {
  test("is retried when throttled, and reports the retry as model calls do", async () => {
    const lookup = customerLookup(vi.fn(async ({ id }: { id: string }) => ({ id, plan: "pro" })));
    const { agent, server } = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "find_customer", input: { id: "C-7" } } }] },
        { text: "Customer C-7 is on the pro plan." },
      ),
      {
        guardrails: [SUPPORT_GUARDRAIL],
        tools: [lookup.tool],
        toolGuardrail: { id: "support", version: "1" },
        retry: fastRetry,
        faults: [{ when: { operation: "ApplyGuardrail" }, times: 1, error: { type: "ThrottlingException" } }],
      },
    );
    const retried: unknown[] = [];
    agent.on("retry", (event) => retried.push(event));
    const stream = agent.stream("Which plan is customer C-7 on?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const toolUseId = result.toolCalls[0]?.toolUseId;
    const retries = eventsOfType(events, "retry");
    expect(retries).toEqual([
      {
        type: "retry",
        operation: "ApplyGuardrail",
        runId: result.runId,
        step: 1,
        agentPath: ["agent"],
        attempt: 1,
        delayMs: expect.any(Number),
        code: "throttled",
        message: expect.any(String),
        discardsPartialStep: false,
        toolUseId,
        toolName: "find_customer",
        side: "input",
        guardrailId: "support",
        guardrailVersion: "1",
      },
    ]);
    expect(retried).toEqual(retries);
    // The retry comes between the call and its result: it belongs to the tool call, not the model step.
    const types = events.map((event) => event.type);
    expect(types.indexOf("tool-call")).toBeLessThan(types.indexOf("retry"));
    expect(types.indexOf("retry")).toBeLessThan(types.indexOf("tool-result"));
    expect(lookup.run).toHaveBeenCalledOnce();
    expect(result.toolCalls[0]).toMatchObject({ status: "success" });
    // A model step that needed no retry says so: the guardrail's retry is not counted as the model's.
    expect(result.steps.map((step) => step.retries)).toEqual([0, 0]);
    expect(server.requests.map((entry) => entry.operation)).toEqual([
      "ConverseStream",
      "ApplyGuardrail",
      "ApplyGuardrail",
      "ApplyGuardrail",
      "ConverseStream",
    ]);
  });
});
