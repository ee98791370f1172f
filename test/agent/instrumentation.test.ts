import type { ModelCallWatcher, RunInstrumentation, RunStart, RunWatcher } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, scriptedAgentPerTest, scriptOf, TEST_MODEL_ID } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

let weatherRuns = 0;
const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => {
    weatherRuns += 1;
    return { city, forecast: "sunny" };
  },
});

const weatherScript = scriptOf(
  { content: [{ toolUse: { name: "get_weather", input: { city: "Oslo" } } }] },
  { text: "Sunny." },
);

/** An instrumentation that writes down what the loop told it, in order. */
function recordingInstrumentation(log: string[], starts: RunStart[]): RunInstrumentation {
  return {
    startRun(run) {
      starts.push(run);
      log.push("run");
      const watcher: RunWatcher = {
        modelCall: ({ step }) => {
          log.push(`model ${step}`);
          const call: ModelCallWatcher = {
            send: (send) => {
              log.push("send");
              return send();
            },
            firstChunk: () => log.push("first chunk"),
            retry: (retry) => log.push(`retry ${retry.attempt}`),
            end: (end) => log.push(`end ${end.status}`),
          };
          return call;
        },
        toolCall: async (call, run) => {
          log.push(`tool ${call.toolName}`);
          const outcome = await run();
          log.push(`tool done ${outcome.status}`);
          return outcome;
        },
        event: (event) => {
          if (event.type.startsWith("run-") || event.type === "step-end") log.push(event.type);
        },
      };
      return watcher;
    },
  };
}

/** Every method throws: after running the work, where it wraps some. */
const throwingInstrumentation: RunInstrumentation = {
  startRun: () => ({
    modelCall: () => ({
      send: async (send) => {
        await send();
        throw new Error("exporter down");
      },
      firstChunk: () => {
        throw new Error("exporter down");
      },
      retry: () => {
        throw new Error("exporter down");
      },
      end: () => {
        throw new Error("exporter down");
      },
    }),
    toolCall: async (_call, run) => {
      await run();
      throw new Error("exporter down");
    },
    event: () => {
      throw new Error("exporter down");
    },
  }),
};

describe("instrumentation", () => {
  test("sees the run, each model call with its attempts, each tool call and the events, in order", async () => {
    const log: string[] = [];
    const starts: RunStart[] = [];
    const harness = await startAgent(weatherScript, {
      name: "forecaster",
      tools: [weather],
      instrumentation: recordingInstrumentation(log, starts),
      faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const result = await harness.agent.run("Weather in Oslo?", { sessionId: "s-1" });

    expect(starts).toEqual([
      {
        runId: result.runId,
        agentName: "forecaster",
        agentDescription: undefined,
        agentPath: ["forecaster"],
        parent: undefined,
        modelId: TEST_MODEL_ID,
        sessionId: "s-1",
        // A top-level run with a session: its waiting calls' decisions can be sent back (a devtool's Approve).
        sendDecisions: expect.any(Function),
      },
    ]);
    expect(log).toEqual([
      "run",
      "run-start",
      "model 1",
      "send",
      "retry 1",
      "send",
      "first chunk",
      "end answered",
      "tool get_weather",
      "tool done success",
      "step-end",
      "model 2",
      "send",
      "first chunk",
      "end answered",
      "step-end",
      "run-end",
    ]);
  });

  test("is told of a failed model call and the run's error", async () => {
    const log: string[] = [];
    const harness = await startAgent(weatherScript, {
      instrumentation: recordingInstrumentation(log, []),
      faults: [{ error: { type: "AccessDeniedException" } }],
    });
    const error = await lodeErrorOf(harness.agent.run("Weather in Oslo?"));

    expect(error.code).toBe("access-denied");
    expect(log).toEqual(["run", "run-start", "model 1", "send", "end failed", "run-error"]);
  });

  test("that throws everywhere never fails the run, nor runs a tool twice", async () => {
    weatherRuns = 0;
    const harness = await startAgent(weatherScript, {
      tools: [weather],
      instrumentation: throwingInstrumentation,
    });
    const result = await harness.agent.run("Weather in Oslo?");

    expect(result.text).toBe("Sunny.");
    expect(result.toolCalls.map((call) => call.status)).toEqual(["success"]);
    expect(weatherRuns).toBe(1);
    expect(harness.server.requests).toHaveLength(2);
  });

  test("whose startRun throws leaves the run unwatched and unharmed", async () => {
    const harness = await startAgent(weatherScript, {
      tools: [weather],
      instrumentation: {
        startRun: () => {
          throw new Error("no tracer");
        },
      },
    });

    expect((await harness.agent.run("Weather in Oslo?")).text).toBe("Sunny.");
  });
});
