import type { AgentEvent, RunResult } from "@lode/core";
import { assertTrajectory, checkTrajectory, script } from "@lode/testing";
import { installLodeMatchers } from "@lode/testing/vitest";
import { defineTool } from "@lode/tools";
import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";

installLodeMatchers();
const startAgent = scriptedAgentPerTest();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string(), units: z.string().optional() }),
  run: ({ city }) => ({ city, sky: city === "Oslo" ? "snow" : "sun" }),
});

const tripScript = script()
  .turn((t) =>
    t
      .reasoning("Two cities; ask for both.")
      .toolUse("get_weather", { city: "Oslo", units: "metric" })
      .toolUse("get_weather", { city: "Lima" }),
  )
  .turn((t) => t.text("Snow in Oslo, sun in Lima.").usage({ inputTokens: 50, outputTokens: 9 }))
  .build();

let run: RunResult<unknown>;
beforeAll(async () => {
  const harness = await startAgent(tripScript, { tools: [weather] });
  run = await harness.agent.run("Weather in Oslo and Lima?");
});

/** The message of the assertion `check` fails with. */
function failureOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the assertion to fail");
}

describe("script()", () => {
  test("builds the script JSON a hand would write", () => {
    expect(
      script()
        .turn((t) => t.reasoning("r").toolUse("f", { a: 1 }, { id: "tu_1" }))
        .text("done")
        .build(),
    ).toEqual({
      models: {
        "*": {
          turns: [
            { content: [{ reasoning: "r" }, { toolUse: { name: "f", input: { a: 1 }, id: "tu_1" } }] },
            { content: [{ text: "done" }] },
          ],
        },
      },
    });
    expect(
      script()
        .model("m", { selection: "sequential" })
        .turn((t) => t.fails("ThrottlingException"))
        .build(),
    ).toEqual({
      models: {
        m: {
          selection: "sequential",
          turns: [{ error: { type: "ThrottlingException", message: "ThrottlingException (scripted)" } }],
        },
      },
    });
    expect(() =>
      script()
        .turn((t) => t)
        .build(),
    ).toThrow("A scripted turn needs a block");
  });

  test("drives a real run against bedrock-local", () => {
    expect(run.text).toBe("Snow in Oslo, sun in Lima.");
    expect(run.steps[0]?.message.content?.[0]).toHaveProperty("reasoningContent");
    expect(run.steps[1]?.usage).toMatchObject({ inputTokens: 50, outputTokens: 9 });
  });
});

describe("trajectory matchers", () => {
  test("toHaveCalledTool: a partial input passes, a wrong one fails saying what was called", () => {
    expect(run).toHaveCalledTool("get_weather", { city: "Oslo" });
    expect(run).toHaveCalledTool("get_weather");
    expect(run).not.toHaveCalledTool("book_trip");
    expect(failureOf(() => expect(run).toHaveCalledTool("get_weather", { city: "Paris" }))).toBe(
      'expected the run to have called get_weather {"city":"Paris"}; the calls made:\n' +
        '  get_weather {"city":"Oslo","units":"metric"}\n  get_weather {"city":"Lima"}',
    );
  });

  test("toHaveToolTrajectory, strict: the same calls in order", () => {
    const inOrder = [
      { name: "get_weather", input: { city: "Oslo" } },
      { name: "get_weather", input: { city: "Lima" } },
    ];
    expect(run).toHaveToolTrajectory(inOrder, "strict");
    const message = failureOf(() => expect(run).toHaveToolTrajectory([...inOrder].reverse(), "strict"));
    expect(message).toBe(
      "expected the tool calls to match (strict):\n" +
        '  get_weather {"city":"Lima"}\n  get_weather {"city":"Oslo"}\n' +
        "the calls made:\n" +
        '  get_weather {"city":"Oslo","units":"metric"}\n  get_weather {"city":"Lima"}',
    );
  });

  test("toHaveToolTrajectory, unordered: the same calls in any order, no more, no fewer", () => {
    expect(run).toHaveToolTrajectory(
      [{ name: "get_weather", input: { city: "Lima" } }, { name: "get_weather" }],
      "unordered",
    );
    expect(failureOf(() => expect(run).toHaveToolTrajectory([{ name: "get_weather" }], "unordered"))).toMatch(
      /^expected the tool calls to match \(unordered\):\n {2}get_weather \{\}\nthe calls made:/,
    );
  });

  test("toHaveToolTrajectory, subset: every call made was expected", () => {
    expect(run).toHaveToolTrajectory(
      [{ name: "get_weather" }, { name: "get_weather" }, { name: "book_trip" }],
      "subset",
    );
    expect(
      failureOf(() =>
        expect(run).toHaveToolTrajectory([{ name: "get_weather", input: { city: "Oslo" } }], "subset"),
      ),
    ).toContain("to match (subset)");
  });

  test("toHaveToolTrajectory, superset: every expected call was made", () => {
    expect(run).toHaveToolTrajectory([{ name: "get_weather", input: { city: "Lima" } }], "superset");
    expect(failureOf(() => expect(run).toHaveToolTrajectory([{ name: "book_trip" }], "superset"))).toContain(
      "to match (superset):\n  book_trip {}",
    );
  });

  test("toHaveFinalText, toHaveTakenAtMostSteps, toHaveUsedAtMostTokens", () => {
    expect(run).toHaveFinalText(/Snow in Oslo/);
    expect(run).toHaveTakenAtMostSteps(2);
    expect(run).toHaveUsedAtMostTokens(run.usage.totalTokens);
    expect(failureOf(() => expect(run).toHaveFinalText("Rain."))).toBe(
      'expected the final text to be Rain.; it was "Snow in Oslo, sun in Lima."',
    );
    expect(failureOf(() => expect(run).toHaveTakenAtMostSteps(1))).toBe(
      "expected at most 1 steps; the run took 2",
    );
    expect(failureOf(() => expect(run).toHaveUsedAtMostTokens(1))).toContain("expected at most 1 tokens");
  });

  test("toHaveOutput: a structured output matched partially", async () => {
    const harness = await startAgent(
      script()
        .turn((t) => t.toolUse("final_output", { city: "Oslo", sky: "snow", tempC: -3 }))
        .build(),
    );
    const forecast = await harness.agent.run("Oslo's forecast as JSON.", {
      output: z.object({ city: z.string(), sky: z.string(), tempC: z.number() }),
    });

    expect(forecast).toHaveOutput({ city: "Oslo", sky: "snow" });
    expect(failureOf(() => expect(forecast).toHaveOutput({ sky: "sun" }))).toBe(
      'expected the output to match {"sky":"sun"}; it was {"city":"Oslo","sky":"snow","tempC":-3}',
    );
  });

  test("work on a run's recorded events too, and without vitest through assertTrajectory", async () => {
    const harness = await startAgent(tripScript, { tools: [weather] });
    const events: AgentEvent[] = [];
    for await (const event of harness.agent.stream("Weather in Oslo and Lima?")) events.push(event);

    expect(events).toHaveCalledTool("get_weather", { city: "Lima" });
    expect(() =>
      assertTrajectory(events, [{ name: "get_weather" }, { name: "get_weather" }], "unordered"),
    ).not.toThrow();
    expect(() => assertTrajectory(run, [{ name: "get_weather" }])).toThrow(/to match \(strict\)/);
    expect(checkTrajectory([], [], "strict").pass).toBe(true);
  });
});
