import type { ToolMiddleware } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf, toolResultsSent } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** A weather tool that records the input of every call it ran. */
function weatherTool() {
  const inputs: unknown[] = [];
  const tool = defineTool({
    name: "weather",
    description: "The weather in a city.",
    input: z.object({ city: z.string().min(2) }),
    run: (input) => {
      inputs.push(input);
      return `Sunny in ${input.city}.`;
    },
  });
  return { tool, inputs };
}

/** The model asks for the weather in Bergen, then answers. */
const askForBergen = scriptOf(
  { content: [{ toolUse: { name: "weather", input: { city: "Bergen" }, id: "tu_1" } }] },
  { text: "Here is the weather." },
);

describe("toolMiddleware", () => {
  test("hands the tool the input a middleware rewrote", async () => {
    const { tool, inputs } = weatherTool();
    const toOslo: ToolMiddleware = (call, next) => next({ ...call, input: { city: "Oslo" } });
    const harness = await startAgent(askForBergen, { tools: [tool], toolMiddleware: [toOslo] });
    await harness.agent.run("Weather?");

    expect(inputs).toEqual([{ city: "Oslo" }]);
    expect(toolResultsSent(harness.server, 1)).toEqual([
      { toolUseId: "tu_1", status: "success", content: [{ text: "Sunny in Oslo." }] },
    ]);
  });

  test("validates a rewritten input with the tool's schema, transforms included", async () => {
    const inputs: unknown[] = [];
    const shout = defineTool({
      name: "weather",
      description: "The weather in a city.",
      input: z.object({ city: z.string().transform((city) => city.toUpperCase()) }),
      run: (input) => {
        inputs.push(input);
        return "Sunny.";
      },
    });
    const toOslo: ToolMiddleware = (call, next) => next({ ...call, input: { city: "Oslo" } });
    const harness = await startAgent(askForBergen, { tools: [shout], toolMiddleware: [toOslo] });
    await harness.agent.run("Weather?");

    expect(inputs).toEqual([{ city: "OSLO" }]);
  });

  test("answers a rewrite to invalid input with a validation error, without running the tool", async () => {
    const { tool, inputs } = weatherTool();
    const toNumber: ToolMiddleware = (call, next) => next({ ...call, input: { city: 42 } });
    const harness = await startAgent(askForBergen, { tools: [tool], toolMiddleware: [toNumber] });
    const result = await harness.agent.run("Weather?");

    expect(inputs).toEqual([]);
    const [answer] = toolResultsSent(harness.server, 1);
    expect(answer?.status).toBe("error");
    expect(answer?.content[0].text).toMatch(
      /^Invalid input for tool "weather": city: .*string.*\. Call the tool again with corrected input\.$/,
    );
    expect(result.text).toBe("Here is the weather.");
  });

  test("sends a middleware's own result without running the tool", async () => {
    const { tool, inputs } = weatherTool();
    const cached: ToolMiddleware = async () => ({ status: "success", content: [{ text: "Cached: rain." }] });
    const harness = await startAgent(askForBergen, { tools: [tool], toolMiddleware: [cached] });
    const result = await harness.agent.run("Weather?");

    expect(inputs).toEqual([]);
    expect(toolResultsSent(harness.server, 1)).toEqual([
      { toolUseId: "tu_1", status: "success", content: [{ text: "Cached: rain." }] },
    ]);
    expect(result.toolCalls.map((call) => call.content)).toEqual([[{ text: "Cached: rain." }]]);
  });

  test("answers a call whose middleware throws with an error result, and the run goes on", async () => {
    const { tool, inputs } = weatherTool();
    const broken: ToolMiddleware = () => {
      throw new Error("the cache is down");
    };
    const harness = await startAgent(askForBergen, { tools: [tool], toolMiddleware: [broken] });
    const result = await harness.agent.run("Weather?");

    expect(inputs).toEqual([]);
    expect(toolResultsSent(harness.server, 1)).toEqual([
      { toolUseId: "tu_1", status: "error", content: [{ text: 'Tool "weather" failed: the cache is down' }] },
    ]);
    expect(result.text).toBe("Here is the weather.");
  });

  test("runs the run's toolMiddleware inside the agent's", async () => {
    const { tool } = weatherTool();
    const order: string[] = [];
    const traced =
      (name: string): ToolMiddleware =>
      async (call, next) => {
        order.push(`${name} before`);
        const outcome = await next(call);
        order.push(`${name} after`);
        return outcome;
      };
    const harness = await startAgent(askForBergen, { tools: [tool], toolMiddleware: [traced("agent")] });
    await harness.agent.run("Weather?", { toolMiddleware: [traced("run")] });

    expect(order).toEqual(["agent before", "run before", "run after", "agent after"]);
  });
});
