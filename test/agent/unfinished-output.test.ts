import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { SUPPORT_GUARDRAIL } from "../guardrails/support/guardrails.js";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  scriptedAgentPerTest,
  scriptOf,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const NATIVE_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const City = z.object({ name: z.string(), population: z.number().int().positive() });
const ping = defineTool({ name: "ping", description: "Pings.", input: z.object({}), run: () => "pong" });

/** A model that asks for `ping` on every turn, forever. */
const alwaysPing = {
  models: { "*": { loop: true, turns: [{ content: [{ toolUse: { name: "ping", input: {} } }] }] } },
};

describe("a run that must give structured output, ended before it did", () => {
  test("fails with max-tokens when the answer is cut off at max_tokens", async () => {
    const harness = await startAgent(scriptOf({ text: '{"name":"Os', stopReason: "max_tokens" }), {
      modelId: NATIVE_MODEL,
    });
    const stream = harness.agent.stream("The capital of Norway?", { output: City });
    const events = await collectEvents(stream);
    const error = await lodeErrorOf(stream.result);

    expect(error.code).toBe("max-tokens");
    expect(eventsOfType(events, "run-error").map((event) => event.code)).toEqual(["max-tokens"]);
    expect(harness.server.requests).toHaveLength(1);
  });

  test("fails with guardrail-blocked when a guardrail blocks the answer", async () => {
    const harness = await startAgent(scriptOf({ text: '{"name":"confidential","population":1}' }), {
      modelId: NATIVE_MODEL,
      guardrails: [SUPPORT_GUARDRAIL],
      guardrail: { id: "support", version: "1" },
    });
    const error = await lodeErrorOf(harness.agent.run("The capital of Norway?", { output: City }));

    expect(error.code).toBe("guardrail-blocked");
    expect(harness.server.requests).toHaveLength(1);
  });

  test("fails with guardrail-blocked when a guardrail blocks the input", async () => {
    const harness = await startAgent(scriptOf({ text: '{"name":"Oslo","population":709000}' }), {
      modelId: NATIVE_MODEL,
      guardrails: [SUPPORT_GUARDRAIL],
      guardrail: { id: "support", version: "1" },
    });
    const error = await lodeErrorOf(harness.agent.run("Any stock tips for Oslo?", { output: City }));

    expect(error.code).toBe("guardrail-blocked");
  });

  test("fails with step-limit when maxSteps is reached first", async () => {
    const harness = await startAgent(alwaysPing, { modelId: NATIVE_MODEL, tools: [ping] });
    const error = await lodeErrorOf(
      harness.agent.run("The capital of Norway?", { output: City, maxSteps: 2 }),
    );

    expect(error.code).toBe("step-limit");
    expect(harness.server.requests).toHaveLength(2);
  });

  test("fails with token-limit when maxTotalTokens is reached first", async () => {
    const harness = await startAgent(alwaysPing, { modelId: NATIVE_MODEL, tools: [ping] });
    const error = await lodeErrorOf(
      harness.agent.run("The capital of Norway?", { output: City, maxTotalTokens: 1 }),
    );

    expect(error.code).toBe("token-limit");
    expect(harness.server.requests).toHaveLength(1);
  });
});
