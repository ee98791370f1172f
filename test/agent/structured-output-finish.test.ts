import type { RunCheckpoint, RunCheckpointer } from "@lode/core";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** A model "auto" mode gives the output tool (it has no native structured output). */
const TOOL_MODEL = "meta.llama3-3-70b-instruct-v1:0";

const City = z.object({ name: z.string(), population: z.number().int().positive() });

/** The model's turn that calls the output tool, as a bedrock-local script turn. */
const OUTPUT_TURN = {
  content: [{ toolUse: { name: "final_output", input: { name: "Oslo", population: 709000 }, id: "tu_out" } }],
};

describe("a structured-output run that finished in tool mode", () => {
  test("reports end_turn and the output as JSON text, the step keeping the model's tool_use", async () => {
    const harness = await startAgent(scriptOf(OUTPUT_TURN), { modelId: TOOL_MODEL });
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    expect(result.stopReason).toBe("end_turn");
    expect(JSON.parse(result.text)).toEqual({ name: "Oslo", population: 709000 });
    expect(result.steps.map((step) => step.stopReason)).toEqual(["tool_use"]);
  });

  test("reports end_turn when the output tool was called only once forced", async () => {
    const harness = await startAgent(scriptOf({ text: "Oslo has about 709000 people." }, OUTPUT_TURN), {
      modelId: TOOL_MODEL,
    });
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.stopReason).toBe("end_turn");
    expect(JSON.parse(result.text)).toEqual({ name: "Oslo", population: 709000 });
  });

  test("reports end_turn when a run resumed from its checkpoint finishes on the output tool", async () => {
    const harness = await startAgent(scriptOf(OUTPUT_TURN), { modelId: TOOL_MODEL });
    let atTools: RunCheckpoint | undefined;
    const spy: RunCheckpointer = {
      save: async (checkpoint) => {
        if (checkpoint.phase.kind === "tools") atTools ??= structuredClone(checkpoint);
      },
      callStarted: async () => {},
      callAnswered: async () => {},
    };
    await harness.agent.run("The capital of Norway?", { output: City, checkpointer: spy });
    if (!atTools) throw new Error("no checkpoint at the tools phase");

    const resumed = await harness.agent.run([], {
      output: City,
      resume: { checkpoint: atTools, calls: [] },
    });

    expect(resumed.output).toEqual({ name: "Oslo", population: 709000 });
    expect(resumed.stopReason).toBe("end_turn");
    expect(harness.server.requests).toHaveLength(1);
    // Its messages end as a run that was never cut short ends: with the note that closes the output's turn.
    expect(resumed.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ text: "[Final output given.]" }],
    });
  });
});

describe("a structured-output schema with a tuple", () => {
  const Route = z.object({ from: z.string(), stops: z.tuple([z.string(), z.number()]) });

  test("goes to Bedrock as draft 2020-12 (prefixItems), which Bedrock accepts, and the run finishes", async () => {
    const turn = {
      content: [
        { toolUse: { name: "final_output", input: { from: "Oslo", stops: ["Bergen", 2] }, id: "tu_route" } },
      ],
    };
    const harness = await startAgent(scriptOf(turn), { modelId: TOOL_MODEL });
    const result = await harness.agent.run("A route from Oslo?", { output: Route });

    expect(result.output).toEqual({ from: "Oslo", stops: ["Bergen", 2] });
    const sent = JSON.stringify(harness.server.requests[0]?.body);
    expect(sent).toContain('"prefixItems"');
  });
});
