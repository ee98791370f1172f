import { defineTool } from "@lode/tools";
import { describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import {
  lodeErrorOf,
  requestBody,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const NATIVE_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const TOOL_MODEL = "meta.llama3-3-70b-instruct-v1:0";

const City = z.object({ name: z.string(), population: z.number().int().positive() });

/** The text of the last user message of a request. */
function lastUserText(body: { messages: { role: string; content: { text?: string }[] }[] }): string {
  const lastUser = [...body.messages].reverse().find((message) => message.role === "user");
  return (lastUser?.content ?? []).map((block) => block.text ?? "").join("");
}

describe("structured output in native mode", () => {
  test("asks for the schema through outputConfig.textFormat and resolves with the typed output", async () => {
    const harness = await startAgent(scriptOf({ text: '{"name":"Oslo","population":709000}' }), {
      modelId: NATIVE_MODEL,
      outputConfig: { effort: "medium" },
    });
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expectTypeOf(result.output).toEqualTypeOf<{ name: string; population: number }>();
    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    const body = requestBody(harness.server, 0);
    expect(body.outputConfig.effort).toBe("medium");
    expect(body.outputConfig.textFormat).toMatchObject({
      type: "json_schema",
      structure: { jsonSchema: { name: "output" } },
    });
    expect(JSON.parse(body.outputConfig.textFormat.structure.jsonSchema.schema)).toMatchObject({
      type: "object",
      properties: { name: { type: "string" }, population: { type: "integer" } },
      required: ["name", "population"],
    });
    expect(body.toolConfig).toBeUndefined();
  });

  test("sends invalid output back with its errors, then resolves once it is valid", async () => {
    const harness = await startAgent(
      scriptOf({ text: '{"name":"Oslo","population":-1}' }, { text: '{"name":"Oslo","population":709000}' }),
      { modelId: NATIVE_MODEL },
    );
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    expect(harness.server.requests).toHaveLength(2);
    const retry = lastUserText(requestBody(harness.server, 1) as never);
    expect(retry).toContain("did not match the required JSON schema");
    expect(retry).toMatch(/population: /);
  });

  test("tells the model when its answer is not JSON at all", async () => {
    const harness = await startAgent(
      scriptOf({ text: "Oslo, of course." }, { text: '{"name":"Oslo","population":709000}' }),
      { modelId: NATIVE_MODEL },
    );
    await harness.agent.run("The capital of Norway?", { output: City });

    expect(lastUserText(requestBody(harness.server, 1) as never)).toContain("not valid JSON");
  });

  test("fails with invalid-output once the model has had its bounded number of retries", async () => {
    const harness = await startAgent(
      { models: { "*": { turns: [{ text: '{"name":"Oslo"}' }], loop: true } } },
      { modelId: NATIVE_MODEL, maxOutputRetries: 2 },
    );
    const error = await lodeErrorOf(harness.agent.run("The capital of Norway?", { output: City }));

    expect(error.code).toBe("invalid-output");
    expect(error.message).toMatch(/population/);
    expect(harness.server.requests).toHaveLength(3);
  });
});

/** A model that first answers in text, then calls final_output once it is forced to; `then` follows. */
function answersInTextThenOutput(...then: Parameters<typeof scriptOf>) {
  return scriptOf(
    { text: "Oslo has about 709000 people." },
    {
      content: [
        { toolUse: { name: "final_output", input: { name: "Oslo", population: 709000 }, id: "tu_out" } },
      ],
    },
    ...then,
  );
}

describe("structured output in tool mode", () => {
  test("offers the final_output tool and resolves with its validated input", async () => {
    const harness = await startAgent(
      scriptOf({
        content: [
          { toolUse: { name: "final_output", input: { name: "Oslo", population: 709000 }, id: "tu_out" } },
        ],
      }),
      { modelId: TOOL_MODEL },
    );
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expectTypeOf(result.output).toEqualTypeOf<{ name: string; population: number }>();
    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    const body = requestBody(harness.server, 0);
    expect(body.outputConfig).toBeUndefined();
    expect(body.toolConfig.tools[0].toolSpec).toMatchObject({
      name: "final_output",
      inputSchema: { json: { type: "object", required: ["name", "population"] } },
    });
    expect(harness.server.requests).toHaveLength(1);
  });

  test("offers the final_output tool beside the agent's own tools", async () => {
    const lookup = defineTool({
      name: "lookup",
      description: "Looks a city up.",
      input: z.object({ city: z.string() }),
      run: () => "Oslo has 709000 people.",
    });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "lookup", input: { city: "Oslo" }, id: "tu_1" } }] },
        {
          content: [
            { toolUse: { name: "final_output", input: { name: "Oslo", population: 709000 }, id: "tu_2" } },
          ],
        },
      ),
      { modelId: TOOL_MODEL, tools: [lookup] },
    );
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    const names = requestBody(harness.server, 0).toolConfig.tools.map(
      (tool: { toolSpec: { name: string } }) => tool.toolSpec.name,
    );
    expect(names).toEqual(["lookup", "final_output"]);
  });

  test("forces final_output with toolChoice when the model ends without calling it", async () => {
    const harness = await startAgent(answersInTextThenOutput(), { modelId: TOOL_MODEL });
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    expect(requestBody(harness.server, 0).toolConfig.toolChoice).toBeUndefined();
    const forced = requestBody(harness.server, 1);
    expect(forced.toolConfig.toolChoice).toEqual({ tool: { name: "final_output" } });
    expect(lastUserText(forced as never)).toContain("final_output");
  });

  test("keeps roles alternating when it forces final_output, so the session can go on", async () => {
    const script = answersInTextThenOutput({ text: "You are welcome." });
    const turns = script.models["*"]?.turns ?? [];
    const harness = await startAgent(
      { models: { "*": { selection: "sequential", turns } } },
      { modelId: TOOL_MODEL },
    );
    await harness.agent.run("The capital of Norway?", { output: City, sessionId: "s" });
    const next = await harness.agent.run("Thanks!", { sessionId: "s" });

    expect(next.text).toBe("You are welcome.");
    // The output tool's answer is closed by a short note of the assistant's, so "Thanks!" can follow.
    const roles = requestBody(harness.server, 2).messages.map((message: { role: string }) => message.role);
    expect(roles).toEqual(["user", "assistant", "user", "assistant", "user", "assistant", "user"]);
  });

  test("answers invalid output with an error tool result naming the problem, then accepts a fix", async () => {
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { toolUse: { name: "final_output", input: { name: "Oslo", population: "many" }, id: "tu_1" } },
          ],
        },
        {
          content: [
            { toolUse: { name: "final_output", input: { name: "Oslo", population: 709000 }, id: "tu_2" } },
          ],
        },
      ),
      { modelId: TOOL_MODEL },
    );
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    const [sent] = toolResultsSent(harness.server, 1);
    expect(sent).toMatchObject({ toolUseId: "tu_1", status: "error" });
    expect(sent?.content[0].text).toMatch(/population: /);
    expect(sent?.content[0].text).toContain("final_output");
  });

  test("fails with invalid-output once the model has had its bounded number of retries", async () => {
    const harness = await startAgent(
      {
        models: {
          "*": {
            loop: true,
            turns: [{ content: [{ toolUse: { name: "final_output", input: { name: "Oslo" } } }] }],
          },
        },
      },
      { modelId: TOOL_MODEL, maxOutputRetries: 1 },
    );
    const error = await lodeErrorOf(harness.agent.run("The capital of Norway?", { output: City }));

    expect(error.code).toBe("invalid-output");
    expect(error.message).toMatch(/population/);
    expect(harness.server.requests).toHaveLength(2);
  });

  test("uses tool mode for any model when structuredOutput is tool", async () => {
    const harness = await startAgent(
      scriptOf({
        content: [
          { toolUse: { name: "final_output", input: { name: "Oslo", population: 709000 }, id: "tu_out" } },
        ],
      }),
      { modelId: NATIVE_MODEL, structuredOutput: "tool" },
    );
    const result = await harness.agent.run("The capital of Norway?", { output: City });

    expect(result.output).toEqual({ name: "Oslo", population: 709000 });
    expect(requestBody(harness.server, 0).outputConfig).toBeUndefined();
  });
});
